// Events: an organizer builds an agenda while a member watches it change live,
// two organizers edit the same session, a member registers and gets the
// calendar file, the agenda stays readable offline, and the page fits a phone.
// The tests run in order and share one event, made by the first.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { axeViolations, decodeQuotedPrintable, demoMemberContext, launchBrowser, startServer } from './support.js';

const ANA = 'ana.torres@demo.tandem.example'; // organizer, reads Spanish
const MARC = 'marc-andre.tremblay@demo.tandem.example'; // organizer, reads French
const GRACE = 'grace.okafor@demo.tandem.example'; // member, reads English
const TITLE = 'Housing finance day';
const ZONE = 'America/Mexico_City';
const WAIT = 15_000;

let server;
let browser;
/** The event the first test creates, and its one session. */
let eventId = 0;
let sessionId = 0;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** A signed-in browser context reading English, whatever the account's language. */
function memberContext(email, options = {}) {
  return demoMemberContext(browser, server.base, email, { timeout: WAIT, ...options });
}

/** The editor has no hydration marker: wait until its islands' WASM is in and the
 * network is quiet. */
async function settle(page) {
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => /\.wasm(\?|$)/.test(e.name)), null, {
    timeout: WAIT,
  });
  await page.waitForLoadState('networkidle');
}

async function openEditor(page) {
  await page.goto(`${server.base}/events/${eventId}/edit`);
  await page.locator('#edit-session-new').waitFor();
  await settle(page);
}

/** The event page is hydrated once its live channel is open. */
async function openEvent(page) {
  await page.goto(`${server.base}/events/${eventId}`);
  await page.locator('article.event[data-live="live"]').waitFor({ timeout: WAIT });
}

function sessionEditor(page, id) {
  return page.locator(`#agenda .session-editor[data-session="${id}"]`);
}

function requireEvent() {
  assert.ok(eventId > 0 && sessionId > 0, 'the first test created the event and its session');
}

/** The outbox's raw messages for `to`, oldest first. */
function rawMailsTo(to) {
  const dir = join(server.dataDir, 'outbox');
  let files = [];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.eml')).sort();
  } catch {}
  return files
    .map((f) => readFileSync(join(dir, f), 'utf8').replace(/\r\n/g, '\n'))
    .filter((m) => m.split('\n').some((l) => /^To:/i.test(l) && l.includes(to)));
}

/** The text of a message's text/calendar part, decoded; null when it has none. */
function calendarPart(raw) {
  if (raw.includes('BEGIN:VCALENDAR')) return raw.slice(raw.indexOf('BEGIN:VCALENDAR'));
  for (const part of raw.split(/\n--[^\n]+\n/)) {
    const split = part.indexOf('\n\n');
    if (split < 0) continue;
    const head = part.slice(0, split);
    if (!/content-type:\s*text\/calendar/i.test(head)) continue;
    const body = part.slice(split + 2);
    if (/content-transfer-encoding:\s*base64/i.test(head)) {
      return Buffer.from(body.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64').toString('utf8');
    }
    if (/content-transfer-encoding:\s*quoted-printable/i.test(head)) return decodeQuotedPrintable(body);
    return body;
  }
  return null;
}

async function eventually(what, probe, timeout = WAIT) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

test('a member sees an agenda change live, in their own time, without reloading', async () => {
  const { context: anaCtx, page: ana } = await memberContext(ANA);

  // create the event: an online talk in Mexico City's time, in English
  await ana.goto(`${server.base}/events/new`);
  await ana.locator('select[name="form[kind]"]').waitFor();
  await settle(ana);
  await ana.locator('select[name="form[kind]"]').selectOption('talk');
  await ana.locator('select[name="form[format]"]').selectOption('online');
  await ana.locator('select[name="form[language]"]').selectOption('en');
  await ana.locator('input[name="form[title_en]"]').fill(TITLE);
  await ana.locator('input[name="form[starts]"]').fill('2027-03-15T09:00');
  await ana.locator('input[name="form[ends]"]').fill('2027-03-15T18:00');
  await ana.locator('input[name="form[timezone]"]').fill(ZONE);
  await ana.getByRole('button', { name: 'Create an event' }).click();
  await ana.waitForURL(/\/events\/\d+\/edit\?notice=created/, { timeout: WAIT });
  eventId = Number(ana.url().match(/\/events\/(\d+)\/edit/)[1]);
  await ana.getByText('The event is created as a draft').waitFor();

  // publish it
  await openEditor(ana);
  const details = ana.locator('#details');
  await details.locator('select[name="form[status]"]').selectOption('published');
  await details.getByRole('button', { name: 'Save', exact: true }).click();
  await ana.getByText('Saved.', { exact: true }).first().waitFor();

  // add a session
  await openEditor(ana);
  assert.match(await ana.locator('.status-line .badge').getAttribute('class'), /status-published/);
  const fresh = ana.locator('#edit-session-new');
  await fresh.getByLabel('Title', { exact: true }).fill('Housing finance');
  await fresh.locator('input[name="form[starts]"]').fill('2027-03-15T15:00');
  await fresh.locator('input[name="form[ends]"]').fill('2027-03-15T15:30');
  await fresh.getByRole('button', { name: 'Add a session' }).click();
  const added = ana.locator('#agenda .session-editor:not([data-session="0"])').first();
  await added.waitFor();
  sessionId = Number(await added.getAttribute('data-session'));
  assert.ok(sessionId > 0, 'the new session has an id');

  // a member in Mexico City opens the event page and waits for the live channel
  const { context: graceCtx, page: grace } = await memberContext(GRACE, { timezoneId: ZONE });
  await openEvent(grace);
  const session = grace.locator(`#agenda li.session[data-session="${sessionId}"]`);
  assert.equal((await session.locator('h4').textContent()).trim(), 'Housing finance');
  assert.match(await session.locator('p.time time').textContent(), /3:00\s?PM/);
  const url = grace.url();
  const change = await grace.locator('article.event').getAttribute('data-change');
  await grace.evaluate(() => {
    window.__sameDocument = true;
  });

  // the organizer moves the session half an hour later
  await openEditor(ana);
  const editor = sessionEditor(ana, sessionId);
  await editor.locator('input[name="form[starts]"]').fill('2027-03-15T15:30');
  await editor.locator('input[name="form[ends]"]').fill('2027-03-15T16:00');
  await editor.getByRole('button', { name: 'Save', exact: true }).click();
  await editor.getByText('Saved.', { exact: true }).waitFor();

  // the member's page follows without a reload
  // "3:00 PM – 3:30 PM" becomes "3:30 PM – 4:00 PM"
  await session.locator('p.time time', { hasText: /^\s*3:30\s?PM/ }).waitFor({ timeout: WAIT });
  const notice = grace.locator('.live-box .notices li.change-notice', { hasText: /Housing finance\W+moved/ });
  await notice.waitFor({ timeout: WAIT });
  assert.match(await notice.textContent(), /3:30\s?PM/);
  assert.notEqual(await grace.locator('article.event').getAttribute('data-change'), change, 'the change id moved on');
  assert.equal(grace.url(), url);
  assert.equal(await grace.evaluate(() => window.__sameDocument), true, 'no page reload');

  await graceCtx.close();
  await anaCtx.close();
});

test('a stale save of a session is refused and keeps what was typed', async () => {
  requireEvent();
  const { context: anaCtx, page: ana } = await memberContext(ANA);
  await openEditor(ana);
  const organizers = ana.locator('#organizers');
  await organizers.getByLabel('E-mail address of a member').fill(MARC);
  await organizers.getByRole('button', { name: 'Add a co-organizer' }).click();
  await ana.waitForURL(/notice=saved/, { timeout: WAIT });
  await openEditor(ana);
  await ana.locator('#organizers', { hasText: 'Marc-André Tremblay' }).waitFor();

  // both open the session; Ana saves first
  const { context: marcCtx, page: marc } = await memberContext(MARC);
  await openEditor(marc);
  const theirs = sessionEditor(ana, sessionId);
  await theirs.getByLabel('Title', { exact: true }).fill('Housing finance (plenary)');
  await theirs.getByRole('button', { name: 'Save', exact: true }).click();
  await theirs.getByText('Saved.', { exact: true }).waitFor();

  // Marc's page still holds the version before Ana's
  const mine = sessionEditor(marc, sessionId);
  assert.equal(await mine.getByLabel('Title', { exact: true }).inputValue(), 'Housing finance');
  await mine.getByLabel('Room or stream').fill('Room B');
  await mine.getByRole('button', { name: 'Save', exact: true }).click();
  const conflict = mine.locator('.alert.conflict');
  await conflict.waitFor({ timeout: WAIT });
  await conflict.getByText('Someone else saved this session').waitFor();
  await conflict.getByText('Their version:').waitFor();
  await conflict.getByText('Housing finance (plenary)').waitFor({ timeout: WAIT });
  assert.equal(await mine.getByLabel('Room or stream').inputValue(), 'Room B', 'what Marc typed is kept');
  assert.equal(await mine.getByText('Saved.', { exact: true }).count(), 0);

  // nothing of Marc's reached the event
  const check = await anaCtx.newPage();
  await openEvent(check);
  const item = check.locator(`#agenda li.session[data-session="${sessionId}"]`);
  assert.equal((await item.locator('h4').textContent()).trim(), 'Housing finance (plenary)');
  assert.equal(await item.locator('.room').count(), 0, 'the room was not saved');

  await marcCtx.close();
  await anaCtx.close();
});

test('a member registers and gets a confirmation with a calendar file', async () => {
  requireEvent();
  const { context, page } = await memberContext(GRACE, { timezoneId: ZONE });
  await openEvent(page);
  await page.locator('#registration').getByRole('button', { name: 'Register', exact: true }).click();
  await page.getByText('You are registered.').waitFor({ timeout: WAIT });

  const mail = await eventually('the confirmation mail', () => server.mailsTo(GRACE).find((m) => m.includes(TITLE)));
  assert.match(mail, /^Subject:.*You are registered/m);
  const raw = await eventually('the raw confirmation', () => rawMailsTo(GRACE).find((m) => /text\/calendar/i.test(m)));
  const ics = calendarPart(raw);
  assert.ok(ics, 'the message has a text/calendar part');
  assert.match(ics, /BEGIN:VCALENDAR/);
  assert.match(ics, /BEGIN:VEVENT/);
  assert.match(ics.replace(/\n[ \t]/g, ''), new RegExp(TITLE));

  // the page says so again after a reload
  await openEvent(page);
  await page.getByText('You are registered.').waitFor();
  await context.close();
});

test('an agenda opened once stays readable offline', async () => {
  requireEvent();
  const { context, page } = await memberContext(GRACE, { timezoneId: ZONE });
  await openEvent(page);
  // the service worker installs on the first visit; the page it controls next
  // goes through it, with the app's code
  const ready = await page.evaluate(() =>
    Promise.race([navigator.serviceWorker.ready.then(() => true), new Promise((r) => setTimeout(() => r(false), 15_000))]),
  );
  assert.equal(ready, true, 'the service worker at /sw.js is active');
  await page.reload();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: WAIT });
  await page.locator('article.event[data-live="live"]').waitFor({ timeout: WAIT });
  const path = `/events/${eventId}`;
  await eventually('the page and the WASM in the cache', () =>
    page.evaluate(async (path) => {
      const urls = [];
      for (const name of await caches.keys()) {
        for (const req of await (await caches.open(name)).keys()) urls.push(new URL(req.url).pathname);
      }
      return urls.includes(path) && urls.some((u) => u.startsWith('/pkg/') && u.endsWith('.wasm'));
    }, path),
  );
  assert.equal(await page.locator('[data-offline-note]').isVisible(), false, 'no offline note online');

  await context.setOffline(true);
  try {
    await page.reload();
    await page.locator('#agenda', { hasText: 'Housing finance' }).waitFor({ timeout: WAIT });
    const note = page.locator('[data-offline-note]');
    await note.waitFor({ state: 'visible', timeout: WAIT });
    assert.equal(await note.getAttribute('hidden'), null);
    assert.match(await note.textContent(), /You are offline/);
  } finally {
    await context.setOffline(false);
  }
  await context.close();
});

test('the event page fits a 360 px phone', async () => {
  requireEvent();
  const context = await browser.newContext({
    locale: 'en-US',
    timezoneId: ZONE,
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 2,
    isMobile: true,
  });
  context.setDefaultTimeout(WAIT);
  const page = await context.newPage();
  await openEvent(page);
  await page.locator('#agenda li.session').first().waitFor();
  const widths = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  assert.ok(widths.scroll <= 360, `the event page is ${widths.scroll}px wide`);
  assert.ok(widths.scroll <= widths.client, `the event page overflows by ${widths.scroll - widths.client}px`);
  await context.close();
});

test('axe finds no WCAG 2.2 AA violations on the organizers’ page and My events', async () => {
  requireEvent();
  const { context, page } = await memberContext(ANA);
  for (const path of [`/events/${eventId}/edit`, '/account/events', '/events/new']) {
    await page.goto(`${server.base}${path}`);
    await page.waitForLoadState('networkidle');
    assert.deepEqual(await axeViolations(page), [], path);
  }
  await context.close();
});
