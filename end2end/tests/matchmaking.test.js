// Matchmaking: a member sees people to meet, each with the reasons, and
// "Not for me" removes a suggestion without reloading the page.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, startServer, waitForHydration } from './support.js';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('a member sees explained suggestions and hides one', async () => {
  const context = await browser.newContext({ locale: 'en-US' });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  await page.goto(`${server.base}/account/sign-in`);
  await waitForHydration(page);
  await page.getByLabel('E-mail address').fill('grace.okafor@demo.tandem.example');
  await page.getByLabel('Password', { exact: true }).fill('tandem-demo-password');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL(`${server.base}/`);
  await page.goto(`${server.base}/matchmaking`);
  const list = page.locator('ul.suggestions[data-ready="true"]');
  await list.waitFor();
  await page.waitForLoadState('networkidle');
  const first = list.locator('li.suggestion').first();
  const name = await first.locator('a.name').innerText();
  // every suggestion says why
  const reasons = await list.locator('li.suggestion ul.reasons').evaluateAll((uls) => uls.map((u) => u.innerText.trim()));
  assert.ok(reasons.length > 0 && reasons.every((r) => r.length > 0), JSON.stringify(reasons));
  assert.match(reasons.join('\n'), /shared theme|offers what you seek|You offer what/);
  await page.evaluate(() => (window.__noReload = true));
  await first.getByRole('button', { name: 'Not for me' }).click();
  await page.waitForFunction((n) => ![...document.querySelectorAll('li.suggestion a.name')].some((a) => a.textContent === n), name);
  assert.equal(await page.evaluate(() => window.__noReload), true);
  await context.close();
});
