// C2C matchmaking meetings on the demo's matchmaking day: Daniel asks Sofía
// for a meeting with a note, Sofía accepts, Ana (organizer) runs the
// scheduler, and both see the meeting on their agenda — Daniel's page gets it
// live, without a reload.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO_PASSWORD, axeViolations, demoMemberContext, launchBrowser, startServer } from './support.js';

const WAIT = 20_000;
const ANA = 'ana.torres@demo.tandem.example';
const DANIEL = 'daniel.kim@demo.tandem.example';
const SOFIA = 'sofia.ramirez@demo.tandem.example';
const TITLE = 'C2C matchmaking day: circular economy';

let server;
let browser;
let eventId;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const html = await (await fetch(`${server.base}/events?kind=matchmaking`)).text();
  const m = html.match(/href="\/events\/(\d+)"[^>]*>(?:<!--[^>]*-->)*C2C matchmaking day: circular economy/);
  eventId = m && m[1];
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

function signedIn(email) {
  return demoMemberContext(browser, server.base, email, { timeout: WAIT, timezoneId: 'America/Vancouver' });
}

/** The participant's page is hydrated once its live channel is open. */
async function openMeetings(page) {
  await page.goto(`${server.base}/events/${eventId}/meetings`);
  await page.locator('[data-live="live"]').waitFor({ timeout: WAIT });
}

test('two participants request and accept a meeting, the organizer schedules it, both see it', async () => {
  assert.ok(eventId, 'the demo has a matchmaking event');
  const { context: danielCtx, page: daniel } = await signedIn(DANIEL);
  // reachable from the event's page
  await daniel.goto(`${server.base}/events/${eventId}`);
  await daniel.getByRole('link', { name: 'One-to-one meetings' }).click();
  await daniel.waitForURL(`${server.base}/events/${eventId}/meetings`);
  await openMeetings(daniel);

  // Sofía is among the participants, with why she is suggested
  const sofia = daniel.locator('li.meeting-person', { hasText: 'Sofía Ramírez' });
  await sofia.waitFor();
  await sofia.getByText('Request a meeting').click();
  await sofia.getByLabel('A short note (optional)').fill('Heat islands and open data: coffee?');
  await sofia.getByRole('button', { name: 'Send the request' }).click();
  await daniel.getByText('Request sent.').waitFor();
  await daniel.locator('#requests li.meeting.outgoing', { hasText: 'Sofía Ramírez' }).waitFor();

  // Sofía accepts (and was told by e-mail)
  const mail = server.mailsTo(SOFIA).find((m) => m.includes('Daniel Kim'));
  assert.ok(mail, 'Sofía got an e-mail about the request');
  const { context: sofiaCtx, page: sofiaPage } = await signedIn(SOFIA);
  await openMeetings(sofiaPage);
  const incoming = sofiaPage.locator('#requests li.meeting.incoming', { hasText: 'Daniel Kim' });
  await incoming.getByText('Heat islands and open data: coffee?').waitFor();
  await incoming.getByRole('button', { name: 'Accept' }).click();
  await sofiaPage.locator('#agenda li.meeting', { hasText: 'Daniel Kim' }).waitFor();

  // Daniel's page, still open, will hear about the schedule
  await openMeetings(daniel);
  const danielsMeeting = daniel.locator('#agenda li.meeting', { hasText: 'Sofía Ramírez' });
  await danielsMeeting.waitFor();
  assert.equal(await danielsMeeting.getAttribute('data-slot'), null, 'not scheduled yet');

  // the organizer runs the scheduler
  const { context: anaCtx, page: ana } = await signedIn(ANA);
  await ana.goto(`${server.base}/events/${eventId}/meetings/organize`);
  await ana.locator('#run').waitFor();
  // a page without islands: no WASM to wait for, the form is a plain post
  await ana.waitForLoadState('networkidle');
  await ana.getByRole('button', { name: 'Schedule (keep confirmed meetings)' }).click();
  await ana.getByText(/meetings scheduled/).waitFor();
  assert.match(await ana.locator('#dashboard').innerText(), /Scheduled\s*3/);

  // Daniel's agenda updates live: a slot, a table, times in his zone
  await daniel.waitForFunction(
    () => document.querySelector('#agenda li.meeting[data-slot]')?.textContent.includes('Table'),
    null,
    { timeout: WAIT },
  );
  const text = await danielsMeeting.innerText();
  assert.match(text, /Table \d+/);
  assert.match(text, /PST|PDT/, 'shown in the reader’s zone');
  const slot = await danielsMeeting.getAttribute('data-slot');

  // Sofía sees the same meeting in the same slot
  await openMeetings(sofiaPage);
  const hers = sofiaPage.locator('#agenda li.meeting', { hasText: 'Daniel Kim' });
  await hers.waitFor();
  assert.equal(await hers.getAttribute('data-slot'), slot);
  assert.match(await hers.innerText(), /Table \d+/);

  // and can take the agenda as a calendar file
  const ics = await sofiaPage.request.get(`${server.base}/events/${eventId}/meetings.ics`);
  assert.equal(ics.status(), 200);
  assert.match(await ics.text(), /SUMMARY:Meeting with Daniel Kim/);

  await anaCtx.close();
  await sofiaCtx.close();
  await danielCtx.close();
});

test('without JavaScript, a bad slot value comes back beside its field with the typing kept', async () => {
  assert.ok(eventId);
  const context = await browser.newContext({ locale: 'en-US', javaScriptEnabled: false });
  context.setDefaultTimeout(WAIT);
  const page = await context.newPage();
  await page.goto(`${server.base}/account/sign-in`);
  await page.getByLabel('E-mail address').fill(ANA);
  await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL(`${server.base}/`);
  await page.request.post(`${server.base}/locale`, {
    form: { lang: 'en', next: '/' },
    headers: { origin: server.base },
    maxRedirects: 0,
  });
  await page.goto(`${server.base}/events/${eventId}/meetings/organize`);
  // a bad value comes back beside its field, the rest of the form kept
  await page.getByLabel('Number of slots').fill('0');
  await page.getByLabel('Tables (or virtual rooms)').fill('7');
  await page.getByRole('button', { name: 'Add slots' }).last().click();
  await page.locator('#f-count-error', { hasText: 'whole number' }).waitFor();
  assert.equal(await page.getByLabel('Tables (or virtual rooms)').inputValue(), '7');
  await context.close();
});

test('axe finds no WCAG 2.2 AA violations on the meetings pages, connections and a city’s partners; 360 px wide', async () => {
  assert.ok(eventId);
  const { context, page } = await signedIn(ANA);
  for (const path of [`/events/${eventId}/meetings/organize`, '/account/connections', '/matchmaking', '/cities/6077243']) {
    await page.goto(`${server.base}${path}`);
    await page.waitForLoadState('networkidle');
    assert.deepEqual(await axeViolations(page), [], path);
  }
  await context.close();
  // a participant's page, on a phone
  const { context: phone, page: p } = await demoMemberContext(browser, server.base, DANIEL, {
    timeout: WAIT,
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 2,
    isMobile: true,
  });
  await openMeetings(p);
  assert.deepEqual(await axeViolations(p), [], 'meetings');
  const overflow = await p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.equal(overflow, 0, `the meetings page overflows by ${overflow}px`);
  await phone.close();
});

test('a member asks to connect from a profile; the other accepts; both profiles list the connection', async () => {
  const { context: gCtx, page: grace } = await signedIn('grace.okafor@demo.tandem.example');
  const { context: lCtx, page: luca } = await signedIn('luca.bianchi@demo.tandem.example');
  // Luca's id, from the people search
  const html = await (await luca.request.get(`${server.base}/network?q=luca`)).text();
  const lucaId = html.match(/href="\/people\/(\d+)"[^>]*>(?:<!--[^>]*-->)*Luca Bianchi/)[1];
  await grace.goto(`${server.base}/people/${lucaId}`);
  await grace.waitForLoadState('networkidle');
  await grace.getByText('Connect', { exact: true }).click();
  await grace.getByLabel('A short note (optional)').fill('Bike refurbishing for Chicago?');
  await grace.getByRole('button', { name: 'Send the request' }).click();
  await grace.getByText('Request sent: waiting for an answer.').waitFor();

  await luca.goto(`${server.base}/account/connections`);
  const req = luca.locator('li.connection.incoming', { hasText: 'Grace Okafor' });
  await req.getByText('Bike refurbishing for Chicago?').waitFor();
  await luca.waitForLoadState('networkidle');
  await req.getByRole('button', { name: 'Accept' }).click();
  await luca.locator('li.connection:not(.incoming)', { hasText: 'Grace Okafor' }).waitFor();

  await grace.reload();
  await grace.locator('#ties').getByText('Connected').waitFor();
  await luca.goto(`${server.base}/people/${lucaId}`);
  await luca.locator('#ties .connections', { hasText: 'Grace Okafor' }).waitFor();
  await gCtx.close();
  await lCtx.close();
});
