// Live fan-out: N viewers follow one event over server-sent events; an
// organizer moves a session E times; for every edit we time how long each
// viewer waits for the message, from just before the edit request is sent.
//
// usage: node bench/live.mjs <base-url> [viewers=1000] [edits=20] [server-pid]
import http from 'node:http';
import { readFileSync } from 'node:fs';

const [base, viewersArg = '1000', editsArg = '20', pid] = process.argv.slice(2);
if (!base) {
  console.error('usage: node bench/live.mjs <base-url> [viewers] [edits] [server-pid]');
  process.exit(2);
}
const VIEWERS = Number(viewersArg);
const EDITS = Number(editsArg);
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
let cookie = '';

function rss() {
  if (!pid) return 'n/a';
  const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? `${(Number(m[1]) / 1024).toFixed(0)} MiB` : 'n/a';
}

/** Calls a server function like the browser does. */
async function call(name, fields) {
  const res = await fetch(`${base}/api/${name}`, {
    method: 'POST',
    headers: {
      origin: base,
      accept: 'application/json',
      'content-type': 'application/x-www-form-urlencoded',
      cookie,
    },
    body: new URLSearchParams(fields).toString(),
  });
  for (const c of res.headers.getSetCookie()) cookie = [cookie, c.split(';')[0]].filter(Boolean).join('; ');
  const text = await res.text();
  if (!res.ok) throw new Error(`${name}: ${res.status} ${text}`);
  return JSON.parse(text);
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

await call('sign_in', { email: 'ana.torres@demo.tandem.example', password: 'tandem-demo-password' });
const eventId = await call('save_event', {
  'form[kind]': 'conference',
  'form[format]': 'online',
  'form[status]': 'published',
  'form[language]': 'en',
  'form[title_en]': 'Fan-out benchmark',
  'form[starts]': '2030-05-01T09:00',
  'form[ends]': '2030-05-01T18:00',
  'form[timezone]': 'Europe/Madrid',
});
let session = await call('save_session', {
  'form[event_id]': eventId,
  'form[session_id]': 0,
  'form[version]': 0,
  'form[title]': 'Housing finance',
  'form[starts]': '2030-05-01T10:00',
  'form[ends]': '2030-05-01T10:30',
});

// viewers: each waits for change ids; `waiting` maps an id to its resolver
const viewers = [];
const rssBefore = rss();
await new Promise((resolve, reject) => {
  let open = 0;
  for (let i = 0; i < VIEWERS; i++) {
    const v = { arrivals: new Map(), buf: '' };
    viewers.push(v);
    const req = http.get(`${base}/events/${eventId}/live`, { agent, headers: { accept: 'text/event-stream', cookie: 'tandem_lang=en; tz=Europe/Madrid' } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`viewer ${i}: ${res.statusCode}`));
      res.setEncoding('utf8');
      let counted = false;
      res.on('data', (chunk) => {
        const now = performance.now();
        if (!counted) {
          counted = true;
          if (++open === VIEWERS) resolve();
        }
        v.buf += chunk;
        let cut;
        while ((cut = v.buf.indexOf('\n\n')) >= 0) {
          const msg = v.buf.slice(0, cut);
          v.buf = v.buf.slice(cut + 2);
          const id = /^id:\s*(\d+)/m.exec(msg);
          if (id) v.arrivals.set(Number(id[1]), now);
        }
      });
    });
    req.on('error', reject);
  }
});
console.log(`${VIEWERS} viewers connected; server RSS ${rssBefore} before, ${rss()} with them`);

const latencies = [];
for (let k = 0; k < EDITS; k++) {
  const minute = String((k % 2) * 30).padStart(2, '0');
  const t0 = performance.now();
  session = await call('save_session', {
    'form[event_id]': eventId,
    'form[session_id]': session.id,
    'form[version]': session.version,
    'form[title]': 'Housing finance',
    'form[starts]': `2030-05-01T11:${minute}`,
    'form[ends]': `2030-05-01T12:${minute}`,
  });
  // the change id is what viewers receive: wait until all have it
  const deadline = Date.now() + 10_000;
  let got = [];
  for (;;) {
    got = viewers.map((v) => [...v.arrivals.entries()].filter(([, t]) => t >= t0).map(([, t]) => t)[0]).filter((t) => t !== undefined);
    if (got.length === VIEWERS || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 5));
  }
  if (got.length < VIEWERS) console.log(`edit ${k + 1}: only ${got.length} of ${VIEWERS} viewers heard it within 10 s`);
  for (const t of got) latencies.push(t - t0);
  for (const v of viewers) v.arrivals.clear();
  await new Promise((r) => setTimeout(r, 200));
}
latencies.sort((a, b) => a - b);
const ms = (x) => `${x.toFixed(1)} ms`;
console.log(`deliveries: ${latencies.length} (${EDITS} edits x ${VIEWERS} viewers)`);
console.log(`latency from edit request to message: p50 ${ms(percentile(latencies, 50))}, p99 ${ms(percentile(latencies, 99))}, max ${ms(latencies[latencies.length - 1])}`);
console.log(`server RSS after the edits: ${rss()}`);
process.exit(0);
