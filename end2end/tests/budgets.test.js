// Page budgets: every page type's first load (bodies as sent, brotli) within
// its budget (150 KB for what visitors, members and attendees see, 250 KB
// for editors), at most 4 JS/WASM requests, and only the reader's language
// in the WASM. Sizes, not timings: the same build gives the same figures
// within a few hundred bytes (nonces, times in the page).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { launchBrowser, ROOT, startServer } from './support.js';
import { PAGES, precompressed, sessionCookies, weigh } from './weigh.js';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  await precompressed(server.base);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('every page type loads within its budget, with at most 4 JS/WASM requests', async () => {
  const jars = new Map();
  const over = [];
  for (const [label, path, who, budget] of PAGES) {
    if (who && !jars.has(who)) jars.set(who, await sessionCookies(browser, server.base, who));
    const r = await weigh(browser, server.base, path, who ? jars.get(who) : null);
    assert.equal(r.status, 200, `${path} answered ${r.status}`);
    if (r.wire > budget) over.push(`${label} ${path}: ${r.wire} B > ${budget} B`);
    if (r.scripts > 4) over.push(`${label} ${path}: ${r.scripts} JS/WASM requests > 4`);
  }
  assert.deepEqual(over, []);
});

test('the WASM carries no message catalogue: French and Spanish strings stay on the server', () => {
  const wasm = readFileSync(join(ROOT, 'target/site/pkg/tandem.wasm'));
  // a sentence of each language from the catalogue (the home page's lead)
  for (const s of ['Trouvez des pairs', 'Encuentra pares', 'Find peers facing']) {
    assert.equal(wasm.includes(Buffer.from(s)), false, `"${s}" is in the WASM`);
  }
});
