// The network: a member edits their profile with a photo, searches as they
// type, shares a search that works without JavaScript, on a 360 px phone.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { axeViolations, launchBrowser, startServer } from './support.js';

const FIXTURES = resolve(import.meta.dirname, '..', 'fixtures');
const DEMO_PASSWORD = 'tandem-demo-password';

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

async function signIn(page, email) {
  await page.goto(`${server.base}/account/sign-in`);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${server.base}/`);
}

test('a member edits their profile, picks a city and uploads a photo', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, 'sarah.thompson@demo.tandem.example');
  await page.goto(`${server.base}/account/profile`);
  await page.waitForLoadState('networkidle');
  const before = await page.locator('#completeness').getAttribute('value');

  // a wrong file is refused with a message beside the field
  await page.getByLabel('Choose a photo').setInputFiles(join(FIXTURES, 'not-a-photo.png'));
  await page.getByRole('button', { name: 'Upload photo' }).click();
  await page.getByText('The photo must be a JPEG, PNG or WebP image.').waitFor();

  await page.getByLabel('Choose a photo').setInputFiles(join(FIXTURES, 'photo.png'));
  await page.getByRole('button', { name: 'Upload photo' }).click();
  await page.getByText('Your photo is updated.').waitFor();
  const src = await page.locator('.photo-row img.avatar').getAttribute('src');
  assert.match(src, /^\/media\/photos\/[0-9a-f]{32}\.jpg$/);

  await page.waitForLoadState('networkidle');
  await page.getByLabel('Job title').fill('Director of partnerships');
  const city = page.getByLabel('Home city');
  await city.fill('');
  await city.pressSequentially('montre', { delay: 40 });
  await page.getByRole('button', { name: 'Montréal, Canada' }).click();
  assert.equal(await city.inputValue(), 'Montréal, Canada');
  await page.getByRole('group', { name: 'Themes of interest' }).getByLabel('Housing').check();
  await page.getByLabel('About me').fill('I connect **cities** across the Atlantic.');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await page.getByText('Your profile is saved.').waitFor();
  const after = await page.locator('#completeness').getAttribute('value');
  assert.ok(Number(after) > Number(before), `completeness ${before} -> ${after}`);

  await page.getByRole('link', { name: 'See my profile as others see it' }).click();
  await page.getByRole('heading', { level: 1, name: 'Sarah Thompson' }).waitFor();
  await page.getByText('Director of partnerships').waitFor();
  await page.getByRole('link', { name: 'Montréal' }).waitFor();
  assert.equal(await page.locator('.prose strong').textContent(), 'cities');
  assert.equal(await page.getByText('@demo.tandem.example').count(), 0, 'no e-mail address shown');
  await context.close();
});

test('results change as you type, without reloading the page', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.base}/network`);
  await page.locator('form.search-form[data-ready="true"]').waitFor();
  await page.evaluate(() => {
    window.__sameDocument = true;
  });
  await page.getByLabel('Search by name, theme, job, organisation or city').pressSequentially('movil', { delay: 60 });
  await page.waitForURL(/\/network\?q=movil$/);
  await page.locator('.people').getByRole('link', { name: 'Ana Lucía Torres' }).waitFor();
  assert.match(await page.locator('.count-line').textContent(), /of \d+ members/);
  // then narrow it down with a filter
  await page.getByRole('link', { name: /Mexico|MX/ }).first().click();
  await page.waitForURL(/country=MX/);
  assert.equal(await page.evaluate(() => window.__sameDocument), true, 'no page reload');
  await context.close();
});

test('a shared search address works with JavaScript off', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${server.base}/network?q=housing&country=US`);
  await page.locator('.people').getByRole('link', { name: 'Grace Okafor' }).waitFor();
  assert.ok(await page.locator('a.facet.selected').count() >= 1, 'the chosen filter is marked');
  // the search box holds the query and submitting keeps the filter
  assert.equal(await page.getByLabel('Search by name, theme, job, organisation or city').inputValue(), 'housing');
  await page.getByLabel('Search by name, theme, job, organisation or city').fill('logement');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.waitForURL(/q=logement&country=US/);
  await page.locator('.people').getByRole('link', { name: 'Grace Okafor' }).waitFor();
  await context.close();
});

test('the search page fits a 360 px phone', async () => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true });
  const page = await context.newPage();
  for (const path of ['/network?q=urban', '/themes', '/cities/6077243']) {
    await page.goto(`${server.base}${path}`);
    await page.waitForLoadState('networkidle');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.equal(overflow, 0, `${path} overflows by ${overflow}px`);
  }
  await page.goto(`${server.base}/network?q=urban`);
  const dir = resolve(import.meta.dirname, '..', 'test-results');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, 'search-360.png'), fullPage: true });
  await context.close();
});

for (const path of ['/network?q=housing', '/themes']) {
  test(`axe finds no WCAG 2.2 AA violations on ${path}`, async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.base}${path}`);
    await page.waitForLoadState('networkidle');
    assert.deepEqual(await axeViolations(page), []);
    await context.close();
  });
}

test('axe finds no violations on the profile editor and a profile page', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, 'grace.okafor@demo.tandem.example');
  for (const path of ['/account/profile', '/network?q=grace']) {
    await page.goto(`${server.base}${path}`);
    await page.waitForLoadState('networkidle');
    if (path.includes('grace')) {
      await page.locator('.people').getByRole('link', { name: 'Grace Okafor' }).click();
      await page.getByRole('heading', { level: 1, name: 'Grace Okafor' }).waitFor();
    }
    assert.deepEqual(await axeViolations(page), [], path);
  }
  await context.close();
});
