// The first administrator comes from the command line; in the UI the
// administrator promotes a member to organizer, and members cannot get in.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { launchBrowser, startServer, waitForHydration } from './support.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const ADMIN_PASSWORD = 'an administrator passphrase';
const DEMO_PASSWORD = 'tandem-demo-password';

let server;
let browser;

before(async () => {
  server = await startServer({ TANDEM_DEMO_DATA: 'true' });
  // same data directory, a second process: SQLite in WAL mode takes both
  const out = execFileSync(
    join(ROOT, 'target/release/tandem'),
    ['--config', join(ROOT, 'Leptos.toml'), 'admin', 'create', '--email', 'root@example.org', '--name', 'Rosa Admin'],
    { env: { ...process.env, TANDEM_DATA_DIR: server.dataDir, TANDEM_ADMIN_PASSWORD: ADMIN_PASSWORD, RUST_LOG: 'warn' } },
  ).toString();
  assert.match(out, /administrator root@example.org created/);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function signIn(page, email, password) {
  await page.goto(`${server.base}/account/sign-in`);
  await waitForHydration(page);
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL(`${server.base}/`);
}

test('an administrator promotes a member to organizer', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, 'root@example.org', ADMIN_PASSWORD);
  await page.getByRole('link', { name: 'Members & roles' }).click();
  await page.waitForURL('**/admin/members');
  const role = page.getByLabel('Role for Grace Okafor');
  assert.equal(await role.inputValue(), 'member');
  await role.selectOption('organizer');
  await page.getByRole('row', { name: /Grace Okafor/ }).getByRole('button', { name: 'Save role' }).click();
  await page.getByRole('status').getByText('Role saved.').waitFor();
  await page.reload();
  assert.equal(await page.getByLabel('Role for Grace Okafor').inputValue(), 'organizer');
  await context.close();

  // the promoted member sees it on their account page
  const member = await browser.newContext();
  const mpage = await member.newPage();
  await signIn(mpage, 'grace.okafor@demo.tandem.example', DEMO_PASSWORD);
  await mpage.goto(`${server.base}/account`);
  await mpage.getByText('Organizer', { exact: true }).waitFor();
  // and is not an administrator: no link, and the page refuses
  assert.equal(await mpage.getByRole('link', { name: 'Members & roles' }).count(), 0);
  await mpage.goto(`${server.base}/admin/members`);
  await mpage.getByRole('alert').getByText('not allowed').waitFor();
  await member.close();
});
