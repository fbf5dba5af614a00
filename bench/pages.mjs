// First-load weight of every page type, as a new visitor's phone fetches it
// (see end2end/tests/weigh.js for what is counted).
//
//   node bench/pages.mjs http://127.0.0.1:3000 [--json]
//
// Prints a Markdown table: bodies as sent (brotli), decoded, requests,
// JS/WASM requests, and the page's budget.
import { chromium } from '../end2end/node_modules/playwright-core/index.mjs';
import { PAGES, sessionCookies, weigh } from '../end2end/tests/weigh.js';

const base = process.argv[2] ?? 'http://127.0.0.1:3000';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const jars = new Map();
const rows = [];
for (const [label, path, who, budget] of PAGES) {
  if (who && !jars.has(who)) jars.set(who, await sessionCookies(browser, base, who));
  rows.push({ label, path, who, budget, ...(await weigh(browser, base, path, who ? jars.get(who) : null)) });
}
await browser.close();

if (process.argv.includes('--json')) {
  console.log(JSON.stringify(rows));
} else {
  const kb = (n) => (n / 1000).toFixed(1);
  console.log('| page | path | first load (KB, as sent) | decoded (KB) | requests | JS/WASM requests | budget (KB) |');
  console.log('|---|---|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    const who = r.who ? ` (${r.who.startsWith('ana') ? 'organizer' : 'signed in'})` : '';
    console.log(`| ${r.label}${who} | \`${r.path}\` | ${kb(r.wire)} | ${kb(r.decoded)} | ${r.requests} | ${r.scripts} | ${kb(r.budget)} |`);
  }
}
