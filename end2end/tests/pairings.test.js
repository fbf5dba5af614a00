// Pairings and trios in a browser: programme staff form a trio from the
// proposal and name each city's signatory; the agreement opens for
// signature and every signatory signs, which starts the timeline; a team
// member adds an action with an SDG and an indicator from a 360 px phone and
// submits the plan; staff approve it; the public page and the map show it.
// axe on every new page.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { axeViolations, demoMemberContext, launchBrowser, startServer } from './support.js';

const STAFF = 'marc-andre.tremblay@demo.tandem.example';
const SIGNATORIES = [
  ['6167865', 'sarah.thompson@demo.tandem.example', 'Sarah Thompson'],
  ['3128760', 'javier.hernandez@demo.tandem.example', 'Javier Hernández'],
  ['2988507', 'claire.dubois@demo.tandem.example', 'Claire Dubois'],
];
const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };

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

async function noViolations(page) {
  assert.deepEqual(await axeViolations(page), [], page.url());
}

async function noOverflow(page) {
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 360, `${page.url()} is ${wide}px wide`);
}

test('staff form a trio, the cities sign, the team plans, staff approve, the public sees it', async () => {
  const staff = await demoMemberContext(browser, server.base, STAFF);
  let page = staff.page;
  await page.goto(`${server.base}/pairings`);
  await page.getByRole('link', { name: /Form the pairings of City pairings 2026/ }).click();
  await page.getByRole('heading', { level: 1, name: /Form the pairings of/ }).waitFor();
  // the demo's selected cities are paired already: staff add three cities
  await page.getByLabel('Add cities (GeoNames numbers, comma-separated)').fill('6167865, 3128760, 2988507');
  await page.getByRole('button', { name: 'Preview' }).click();
  await page.getByRole('heading', { level: 3, name: 'Group 1: Toronto – Barcelona – Paris' }).waitFor();
  await page.getByText('This arrangement is the best possible', { exact: false }).waitFor();
  await noViolations(page);
  await page.getByRole('button', { name: 'Confirm these pairings' }).click();
  await page.getByText('The pairings are formed.', { exact: false }).waitFor();
  await page.getByRole('link', { name: 'Toronto – Barcelona – Paris' }).click();
  const id = page.url().split('/pairing/')[1].split(/[/?#]/)[0];
  await page.getByRole('link', { name: 'Pairing space' }).click();
  await page.getByRole('heading', { level: 2, name: 'Partnership agreement' }).waitFor();
  await noViolations(page);

  // each city's signatory
  for (const [city, email, name] of SIGNATORIES) {
    const form = page.locator('form', { has: page.locator(`#f-email-${city}`) });
    await form.locator(`#f-email-${city}`).fill(email);
    await form.getByLabel('Signatory').check();
    await form.getByRole('button', { name: 'Add to the team' }).click();
    await page.locator('#team li', { hasText: name }).waitFor();
  }
  await page.getByRole('button', { name: 'Move to: Agreement being signed' }).click();
  await page.locator('.badge.state-signing').waitFor();

  // every signatory signs; the last signature starts the cooperation
  for (const [, email, name] of SIGNATORIES) {
    const s = await demoMemberContext(browser, server.base, email);
    await s.page.goto(`${server.base}/pairing/${id}/space`);
    await s.page.getByRole('heading', { level: 3, name: /^Sign for / }).waitFor();
    assert.equal(await s.page.getByLabel('Name of the signatory').inputValue(), name);
    await s.page.getByLabel('Role (Mayor, Director…)').fill('Mayor');
    await s.page.getByLabel('I sign this agreement on behalf of my city.').check();
    await s.page.getByRole('button', { name: 'Sign the agreement' }).click();
    await s.page.getByText(/Signed\. The cooperation|Every city has signed/).first().waitFor();
    await s.context.close();
  }
  await page.goto(`${server.base}/pairing/${id}/space`);
  await page.locator('.badge.state-cooperating').waitFor();
  await page.getByText('Kick-off meeting').waitFor();
  await page.getByText('Study visit to Barcelona').waitFor();

  // a team member plans from a phone
  const sarah = await demoMemberContext(browser, server.base, SIGNATORIES[0][1], PHONE);
  const phone = sarah.page;
  await phone.goto(`${server.base}/pairing/${id}/plan`);
  await phone.getByLabel('Add an objective').fill('Safer streets');
  await phone.getByRole('button', { name: 'Add an objective' }).click();
  await phone.getByRole('heading', { level: 2, name: 'Safer streets' }).waitFor();
  await noOverflow(phone);
  await phone.getByRole('link', { name: 'Add an action' }).click();
  await phone.locator('#f-title-en').fill('Protected bike lanes downtown');
  await phone.getByLabel(/^SDG 11:/).check();
  await phone.locator('#f-ind-name-0').fill('Protected bike lanes');
  await phone.locator('#f-ind-unit-0').fill('km');
  await phone.locator('#f-ind-baseline-0').fill('12');
  await phone.locator('#f-ind-target-0').fill('40');
  await phone.getByLabel('Progress (%)').fill('140');
  await phone.getByRole('button', { name: 'Save', exact: true }).click();
  await phone.getByText('Progress is a percentage from 0 to 100.').waitFor();
  assert.equal(await phone.locator('#f-title-en').inputValue(), 'Protected bike lanes downtown', 'what was typed is kept');
  await noViolations(phone);
  await noOverflow(phone);
  await phone.locator('#f-ind-name-0').fill('Protected bike lanes');
  await phone.locator('#f-ind-unit-0').fill('km');
  await phone.locator('#f-ind-baseline-0').fill('12');
  await phone.locator('#f-ind-target-0').fill('40');
  await phone.getByLabel(/^SDG 11:/).check();
  await phone.getByLabel('Progress (%)').fill('40');
  await phone.getByRole('button', { name: 'Save', exact: true }).click();
  await phone.getByRole('heading', { level: 3, name: 'Protected bike lanes downtown' }).waitFor();
  await phone.getByRole('cell', { name: '12' }).waitFor();
  await noViolations(phone);
  await noOverflow(phone);
  await phone.getByRole('button', { name: 'Submit the plan to staff' }).click();
  await phone.getByText('Submitted to staff').first().waitFor();
  await sarah.context.close();

  // staff approve
  await page.goto(`${server.base}/pairing/${id}/plan`);
  await page.getByLabel('Note to the team (required to return)').fill('Clear and measurable.');
  await page.getByRole('button', { name: 'Approve the plan' }).click();
  await page.locator('.badge.plan-approved').waitFor();
  await noViolations(page);
  await staff.context.close();

  // the public page and the map
  const visitor = await browser.newContext({ locale: 'en-US', ...PHONE });
  const v = await visitor.newPage();
  await v.goto(`${server.base}/pairing/${id}`);
  await v.getByRole('heading', { level: 1, name: 'Toronto – Barcelona – Paris' }).waitFor();
  await v.getByText('Protected bike lanes downtown').waitFor();
  await v.getByText(/SDG 11/).first().waitFor();
  await noViolations(v);
  await noOverflow(v);
  await v.goto(`${server.base}/pairings`);
  assert.equal(await v.locator(`svg.pairing-map a[href="/pairing/${id}"]`).count(), 1, 'a line on the map');
  await v.locator('.pairing-card').getByRole('link', { name: 'Toronto – Barcelona – Paris' }).waitFor();
  await noViolations(v);
  await noOverflow(v);
  await visitor.close();
});
