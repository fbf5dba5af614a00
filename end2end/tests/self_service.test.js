// A member takes control of their account: sees where they are signed in,
// signs out another device, changes the password (a wrong current one is
// refused beside the field), downloads their data and deletes the account.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO_PASSWORD, demoMemberContext, launchBrowser, startServer, waitForHydration } from './support.js';

const GRACE = 'grace.okafor@demo.tandem.example';
const NEW_PASSWORD = 'a brand new long passphrase';

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

test('a member ends another session, changes the password, downloads their data and deletes the account', async () => {
  const laptop = await demoMemberContext(browser, server.base, GRACE);
  const phone = await demoMemberContext(browser, server.base, GRACE, { userAgent: 'Mozilla/5.0 (Linux; Android 14) Firefox/130.0' });

  // My account → where you are signed in: both devices, this one marked
  const page = laptop.page;
  await page.goto(`${server.base}/account`);
  await page.getByRole('link', { name: 'Where you are signed in' }).click();
  await page.waitForURL('**/account/sessions');
  await page.getByText('This device').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Sign out this session' }).count(), 1, 'one other session to end');
  await page.getByRole('button', { name: 'Sign out this session' }).click();
  await page.getByText('Done: those sessions are signed out.').waitFor();
  // the phone is signed out
  const who = await phone.page.request.post(`${server.base}/api/current_user`, {
    headers: { origin: server.base, accept: 'application/json' },
  });
  assert.equal(await who.text(), 'null');

  // change the password: a wrong current one is refused beside its field
  await page.goto(`${server.base}/account/password`);
  await waitForHydration(page);
  await page.getByLabel('Current password').fill('not my password at all');
  await page.getByLabel('New password').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.locator('#f-current_password-error').filter({ hasText: /./ }).waitFor();
  await page.getByLabel('Current password').fill(DEMO_PASSWORD);
  await page.getByLabel('New password').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.getByText('Your password has been changed').waitFor();
  assert.ok(server.mailsTo(GRACE).some((m) => /password/i.test(m.split('\n').find((l) => l.startsWith('Subject:')) || '')));

  // download my data: a JSON file with the account, no password hash
  const exported = await page.request.get(`${server.base}/account/export.json`);
  assert.equal(exported.status(), 200);
  assert.equal(exported.headers()['cache-control'], 'no-store');
  const text = await exported.text();
  const data = JSON.parse(text);
  assert.ok(text.includes(GRACE));
  assert.ok(!/argon2/.test(text), 'no password hash in the export');
  assert.ok(Object.keys(data).length > 3);

  // delete the account: the page says what goes, the password is required
  await page.goto(`${server.base}/account/delete`);
  await waitForHydration(page);
  await page.getByText('Removed:').first().waitFor();
  await page.getByLabel('Current password').fill(NEW_PASSWORD);
  await page.getByLabel('I understand that my account is deleted for good.').check();
  await page.getByRole('button', { name: 'Delete my account for good' }).click();
  await page.getByText('Your account has been deleted').waitFor();

  // the old credentials no longer sign in
  await page.goto(`${server.base}/account/sign-in`);
  await waitForHydration(page);
  await page.getByLabel('E-mail address').fill(GRACE);
  await page.getByLabel('Password', { exact: true }).fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('alert').waitFor();
  assert.ok(!page.url().endsWith('/'), 'not signed in');

  await laptop.context.close();
  await phone.context.close();
});
