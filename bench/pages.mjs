// Every page type as a new visitor's phone loads it (see
// end2end/tests/weigh.js for what is counted), and with --lighthouse N its
// Lighthouse mobile scores (default simulated throttling; the median of N
// runs by performance score).
//
//   node bench/pages.mjs http://127.0.0.1:3000 [--lighthouse 3] [--json]
//
// Prints a Markdown table: bodies as sent (brotli) and decoded, requests,
// JS/WASM requests, the page's budget; then performance, accessibility, best
// practices, SEO, LCP, TBT and CLS.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '../end2end/node_modules/playwright-core/index.mjs';
import { PAGES, precompressed, sessionCookies, weigh } from '../end2end/tests/weigh.js';

const args = process.argv.slice(2);
const base = args.find((a) => a.startsWith('http')) ?? 'http://127.0.0.1:3000';
const lhAt = args.indexOf('--lighthouse');
const lhRuns = lhAt >= 0 ? Number(args[lhAt + 1] ?? 3) : 0;
// `--only <text>`: just the pages whose label contains the text
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? args[onlyAt + 1] : null;
const LIGHTHOUSE = new URL('./node_modules/lighthouse/cli/index.js', import.meta.url).pathname;

/** One Lighthouse run (mobile preset), with the session's cookie if any. */
function lighthouse(url, cookies) {
  const dir = mkdtempSync(join(tmpdir(), 'lh-'));
  const out = join(dir, 'lh.json');
  const flags = [
    LIGHTHOUSE, url, '--quiet', '--output=json', `--output-path=${out}`,
    '--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run',
  ];
  if (cookies) {
    const cookie = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    flags.push(`--extra-headers=${JSON.stringify({ Cookie: cookie })}`);
  }
  try {
    execFileSync('node', flags, { env: { ...process.env, CHROME_PATH: '/usr/bin/chromium' }, stdio: 'ignore' });
    const r = JSON.parse(readFileSync(out, 'utf8'));
    const score = (k) => Math.round((r.categories[k]?.score ?? 0) * 100);
    const num = (k) => r.audits[k]?.numericValue ?? NaN;
    return {
      perf: score('performance'), a11y: score('accessibility'), bp: score('best-practices'), seo: score('seo'),
      lcp: num('largest-contentful-paint'), tbt: num('total-blocking-time'), cls: num('cumulative-layout-shift'),
    };
  } catch {
    return null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await precompressed(base);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const jars = new Map();
const rows = [];
for (const [label, path, who, budget] of PAGES.filter(([label]) => !only || label.includes(only))) {
  if (who && !jars.has(who)) jars.set(who, await sessionCookies(browser, base, who));
  const cookies = who ? jars.get(who) : null;
  const row = { label, path, who, budget, ...(await weigh(browser, base, path, cookies)) };
  if (lhRuns > 0) {
    const runs = [];
    for (let i = 0; i < lhRuns; i++) {
      const r = lighthouse(`${base}${path}`, cookies);
      if (r) runs.push(r);
    }
    runs.sort((a, b) => a.perf - b.perf);
    row.lighthouse = runs[Math.floor((runs.length - 1) / 2)] ?? null;
    row.perfRange = runs.length ? `${runs[0].perf}–${runs[runs.length - 1].perf}` : '';
  }
  rows.push(row);
}
await browser.close();

if (args.includes('--json')) {
  console.log(JSON.stringify(rows));
} else {
  const kb = (n) => (n / 1000).toFixed(1);
  const head = ['page', 'path', 'first load (KB, as sent)', 'decoded (KB)', 'requests', 'JS/WASM requests', 'budget (KB)'];
  if (lhRuns) head.push(`performance (median of ${lhRuns}; range)`, 'a11y', 'best practices', 'SEO', 'LCP (s)', 'TBT (ms)', 'CLS');
  console.log(`| ${head.join(' | ')} |`);
  console.log(`|${head.map((_, i) => (i < 2 ? '---' : '---:')).join('|')}|`);
  for (const r of rows) {
    const who = r.who ? ` (${r.who.startsWith('ana') ? 'organizer' : r.who.startsWith('javier') ? 'attendee' : 'signed in'})` : '';
    const cells = [`${r.label}${who}`, `\`${r.path}\``, kb(r.wire), kb(r.decoded), r.requests, r.scripts, kb(r.budget)];
    if (lhRuns) {
      const l = r.lighthouse;
      if (l) cells.push(`${l.perf} (${r.perfRange})`, l.a11y, l.bp, l.seo, (l.lcp / 1000).toFixed(1), Math.round(l.tbt), l.cls.toFixed(3));
      else cells.push('failed', '', '', '', '', '', '');
    }
    console.log(`| ${cells.join(' | ')} |`);
  }
}
