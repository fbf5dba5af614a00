// axe-core (WCAG 2.2 A/AA rules) on the pages a newcomer sees first, and
// the 360 px phone layout.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { axeViolations, launchBrowser, startServer, waitForHydration } from './support.js';


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

for (const path of ['/', '/account/sign-up', '/account/sign-in', '/events', '/events/1', '/events/5/speakers', '/network/cities?q=montreal', '/cities/6077243', '/pairings', '/pairing/1', '/news', '/news/1', '/publications', '/publications/1', '/about', '/contact']) {
  test(`axe finds no WCAG 2.2 AA violations on ${path}`, async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.base}${path}`);
    // let hydration finish, lazy route chunks included, so axe sees the page as it stays
    await page.waitForLoadState('networkidle');
    if (path.startsWith('/account')) await waitForHydration(page);
    assert.deepEqual(await axeViolations(page), []);
    await context.close();
  });
}

test('at 360 px wide the pages do not scroll sideways', async () => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true });
  const page = await context.newPage();
  for (const path of ['/', '/account/sign-up', '/events', '/events/1', '/pairings', '/pairing/1']) {
    await page.goto(`${server.base}${path}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.equal(overflow, 0, `${path} overflows by ${overflow}px`);
  }
  await context.close();
});
