import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, PASSWORD, startServer, waitForHydration } from './support.js';

let server;
let browser;

before(async () => {
  server = await startServer({ TANDEM_DEMO_DATA: 'false' });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('a new member signs up, confirms by e-mail, signs in, switches language and signs out', async () => {
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  await page.goto(`${server.base}/`);
  await page.getByRole('link', { name: 'Join', exact: true }).click();
  await page.waitForURL('**/account/sign-up');
  await waitForHydration(page);

  await page.getByLabel('Full name').fill('Lucía Fernández');
  await page.getByLabel('E-mail address').fill('lucia@example.org');
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Create my account' }).click();
  await page.waitForURL('**/account/check-email?reason=signup');
  await page.getByText('we sent a confirmation link').waitFor();

  const link = server.linkTo('lucia@example.org', '/account/confirm');
  assert.ok(link, 'a confirmation link is in the outbox');
  await page.goto(link);
  await page.getByRole('button', { name: 'Confirm my address' }).click();
  await page.waitForURL('**/account/sign-in?notice=confirmed');
  await page.getByText('Your e-mail address is confirmed').waitFor();

  await waitForHydration(page);
  await page.getByLabel('E-mail address').fill('lucia@example.org');
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL(`${server.base}/`);
  await page.getByRole('link', { name: /Lucía Fernández/ }).waitFor();

  await page.getByRole('button', { name: 'Français' }).click();
  await page.waitForFunction(() => document.documentElement.lang === 'fr');
  await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Réseau', exact: true }).waitFor();
  await page.getByRole('button', { name: 'Español' }).click();
  await page.waitForFunction(() => document.documentElement.lang === 'es');
  await page.getByRole('button', { name: 'Cerrar sesión' }).click();
  await page.getByRole('link', { name: 'Iniciar sesión' }).waitFor();
  assert.equal(await page.getByRole('link', { name: /Lucía Fernández/ }).count(), 0);
  await context.close();
});

test('the page hydrates: the password toggle only works with the WASM running', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.base}/account/sign-in`);
  await waitForHydration(page);
  const input = page.getByLabel('Password', { exact: true });
  assert.equal(await input.getAttribute('type'), 'password');
  await page.getByRole('button', { name: 'Show password' }).click();
  assert.equal(await input.getAttribute('type'), 'text');
  await page.getByRole('button', { name: 'Hide password' }).click();
  assert.equal(await input.getAttribute('type'), 'password');
  await context.close();
});

test('bad input shows an error beside the field and keeps what was typed', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.base}/account/sign-up`);
  await waitForHydration(page);
  await page.getByLabel('Full name').fill('Kofi Mensah');
  await page.getByLabel('E-mail address').fill('kofi@example.org');
  await page.getByLabel('Password', { exact: true }).fill('too short');
  await page.getByRole('button', { name: 'Create my account' }).click();
  const error = page.locator('#f-password-error');
  await error.getByText('at least 12 characters').waitFor();
  assert.equal(await page.getByLabel('Password', { exact: true }).getAttribute('aria-invalid'), 'true');
  assert.match(await page.getByLabel('Password', { exact: true }).getAttribute('aria-describedby'), /f-password-error/);
  assert.equal(await page.getByLabel('Full name').inputValue(), 'Kofi Mensah');
  assert.equal(await page.getByLabel('E-mail address').inputValue(), 'kofi@example.org');
  // the same rule runs in the browser on blur, before any request
  await page.getByLabel('E-mail address').fill('not-an-address');
  await page.getByLabel('Full name').focus();
  await page.locator('#f-email-error').getByText('does not look like an e-mail address').waitFor();
  assert.deepEqual(server.mailsTo('kofi@example.org'), [], 'nothing was sent');
  await context.close();
});

test('signing in works with JavaScript disabled', async () => {
  // a member to sign in as, made through the UI's own server functions
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${server.base}/account/sign-up`);
  // without JavaScript a refused form comes back with the error beside the
  // field and what was typed (never the password)
  await page.getByLabel('Full name').fill('Noor Haddad');
  await page.getByLabel('E-mail address').fill('noor@example.org');
  await page.getByLabel('Password', { exact: true }).fill('too short');
  await page.getByRole('button', { name: 'Create my account' }).click();
  await page.locator('#f-password-error').getByText('at least 12 characters').waitFor();
  assert.equal(await page.getByLabel('Full name').inputValue(), 'Noor Haddad');
  assert.equal(await page.getByLabel('E-mail address').inputValue(), 'noor@example.org');
  assert.equal(await page.getByLabel('Password', { exact: true }).inputValue(), '');
  await page.getByLabel('Full name').fill('Noor Haddad');
  await page.getByLabel('E-mail address').fill('noor@example.org');
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Create my account' }).click();
  await page.waitForURL('**/account/check-email?reason=signup');
  await page.goto(server.linkTo('noor@example.org', '/account/confirm'));
  await page.getByRole('button', { name: 'Confirm my address' }).click();
  await page.waitForURL('**/account/sign-in?notice=confirmed');

  await page.getByLabel('E-mail address').fill('noor@example.org');
  await page.getByLabel('Password', { exact: true }).fill('wrong but long enough');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('alert').getByText('do not match an account').waitFor();

  await page.getByLabel('E-mail address').fill('noor@example.org');
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL(`${server.base}/`);
  await page.getByRole('link', { name: /Noor Haddad/ }).waitFor();
  await context.close();
});
