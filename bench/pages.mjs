// First-load weight of every page type, as a new visitor's phone would fetch
// it: a fresh browser context per page (empty cache, no service worker yet),
// every request until the network is idle, bodies counted as sent (brotli
// from this server). Signed-in pages get a session cookie made beforehand in
// another context, so their cache is empty too.
//
//   node bench/pages.mjs http://127.0.0.1:3000 [--json]
//
// Prints one line per page: bodies as sent (brotli), bodies decoded,
// requests, JS/WASM requests. Exit code 0; budgets are checked by the caller.
import { chromium } from '../end2end/node_modules/playwright-core/index.mjs';

const base = process.argv[2] ?? 'http://127.0.0.1:3000';
const asJson = process.argv.includes('--json');
const MEMBER = 'grace.okafor@demo.tandem.example';
const ORGANIZER = 'ana.torres@demo.tandem.example';
const PASSWORD = 'tandem-demo-password';

// [label, path, who]: who is null (visitor), MEMBER or ORGANIZER
export const PAGES = [
  ['home', '/', null],
  ['network search', '/network?q=housing', null],
  ['profile', '/people/1', null],
  ['city', '/cities/6077243', null],
  ['cities directory', '/network/cities?q=montreal', null],
  ['themes', '/themes', null],
  ['events list', '/events', null],
  ['event', '/events/1', null],
  ['speakers', '/events/1/speakers', null],
  ['sign-in', '/account/sign-in', null],
  ['sign-up', '/account/sign-up', null],
  ['my events', '/account/events', MEMBER],
  ['meetings agenda', '/events/3/meetings', MEMBER],
  ['matchmaking', '/matchmaking', MEMBER],
  ['my account', '/account', MEMBER],
  ['profile editor', '/account/profile', MEMBER],
  ['event editor', '/events/1/edit', ORGANIZER],
];

async function sessionCookies(browser, email) {
  const context = await browser.newContext();
  const res = await context.request.post(`${base}/api/sign_in`, {
    headers: { origin: base, accept: 'application/json' },
    form: { email, password: PASSWORD },
  });
  if (res.status() >= 400) throw new Error(`sign-in as ${email}: ${res.status()}`);
  const cookies = await context.cookies();
  await context.close();
  return cookies;
}

async function measure(browser, path, cookies) {
  // the service worker would fetch the app's files a second time, behind
  // the page: a first visit is measured without it
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 412, height: 823 }, isMobile: true, serviceWorkers: 'block' });
  if (cookies) await context.addCookies(cookies);
  const page = await context.newPage();
  const seen = [];
  page.on('requestfinished', (req) => seen.push(req));
  await page.goto(`${base}${path}`, { waitUntil: 'networkidle' });
  let wire = 0;
  let decoded = 0;
  let scripts = 0;
  for (const req of seen) {
    const s = await req.sizes();
    wire += s.responseBodySize;
    const resp = await req.response();
    decoded += resp ? (await resp.body().catch(() => Buffer.alloc(0))).length : 0;
    if (/\.(js|mjs|wasm)(\?|$)/.test(new URL(req.url()).pathname)) scripts += 1;
  }
  await context.close();
  return { wire, decoded, requests: seen.length, scripts };
}

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const jars = new Map();
const rows = [];
for (const [label, path, who] of PAGES) {
  if (who && !jars.has(who)) jars.set(who, await sessionCookies(browser, who));
  const r = await measure(browser, path, who ? jars.get(who) : null);
  rows.push({ label, path, signedIn: Boolean(who), ...r });
}
await browser.close();

if (asJson) {
  console.log(JSON.stringify(rows));
} else {
  const kb = (n) => (n / 1000).toFixed(1);
  console.log('| page | path | first load (KB, bodies as sent) | decoded (KB) | requests | JS/WASM requests |');
  console.log('|---|---|---:|---:|---:|---:|');
  for (const r of rows) {
    console.log(`| ${r.label}${r.signedIn ? ' (signed in)' : ''} | \`${r.path}\` | ${kb(r.wire)} | ${kb(r.decoded)} | ${r.requests} | ${r.scripts} |`);
  }
}
