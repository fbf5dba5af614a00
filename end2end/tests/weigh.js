// What a new visitor's phone downloads for a page: a fresh browser context
// (empty cache, service worker blocked, since it would fetch the app's files a
// second time behind the page), every request until the network is idle,
// bodies counted as the server sends them (brotli). Used by the budget test
// and by `bench/pages.mjs`.

export const MEMBER = 'grace.okafor@demo.tandem.example';
export const ORGANIZER = 'ana.torres@demo.tandem.example';
/** Registered for the demo matchmaking day (event 3), with meetings. */
export const ATTENDEE = 'javier.hernandez@demo.tandem.example';
/** Has a draft application to the open call (application 4). */
export const APPLICANT = 'sofia.ramirez@demo.tandem.example';
/** Programme staff in the demo. */
export const STAFF = 'marc-andre.tremblay@demo.tandem.example';
/** On the team of the demo's pairing 1 (Montréal – Lyon). */
export const TEAM = 'isabelle.gagnon@demo.tandem.example';
const PASSWORD = 'tandem-demo-password';

/** Every page type: [label, path, who (null: a visitor), budget in bytes]. */
export const PAGES = [
  ['home', '/', null, 150_000],
  ['network search', '/network?q=housing', null, 150_000],
  ['profile', '/people/1', null, 150_000],
  ['city', '/cities/6077243', null, 150_000],
  ['cities directory', '/network/cities?q=montreal', null, 150_000],
  ['themes', '/themes', null, 150_000],
  ['events list', '/events', null, 150_000],
  ['event', '/events/1', null, 150_000],
  ['speakers', '/events/1/speakers', null, 150_000],
  ['sign-in', '/account/sign-in', null, 150_000],
  ['sign-up', '/account/sign-up', null, 150_000],
  ['my events', '/account/events', MEMBER, 150_000],
  ['meetings agenda', '/events/3/meetings', ATTENDEE, 150_000],
  ['matchmaking', '/matchmaking', MEMBER, 150_000],
  ['my account', '/account', MEMBER, 150_000],
  ['profile editor', '/account/profile', MEMBER, 250_000],
  ['event editor', '/events/1/edit', ORGANIZER, 250_000],
  ['calls and pairings (map)', '/pairings', null, 150_000],
  ['call', '/pairings/calls/2', null, 150_000],
  ['apply', '/pairings/calls/1/apply?city=6077243', MEMBER, 150_000],
  ['application', '/pairings/applications/2', ORGANIZER, 150_000],
  ['application step (submitted)', '/pairings/applications/2/motivation', ORGANIZER, 150_000],
  ['application step (draft, saves while typing)', '/pairings/applications/4/motivation', APPLICANT, 150_000],
  ['review', '/pairings/reviews/1', MEMBER, 150_000],
  ['call review (staff)', '/pairings/calls/2/manage', STAFF, 150_000],
  ['call editor (staff)', '/pairings/calls/1/edit', STAFF, 150_000],
  ['pairing (public)', '/pairing/1', null, 150_000],
  ['pairing space', '/pairing/1/space', TEAM, 150_000],
  ['action plan', '/pairing/1/plan', TEAM, 150_000],
  ['action editor', '/pairing/1/plan/actions/1', TEAM, 150_000],
  ['forming pairs and trios (staff)', '/pairings/calls/2/form?add=6167865,3128760', STAFF, 150_000],
  ['news', '/news', null, 150_000],
  ['article', '/news/1', null, 150_000],
  ['article editor (staff)', '/news/1/edit', STAFF, 250_000],
  ['publications', '/publications', null, 150_000],
  ['publication', '/publications/1', null, 150_000],
  ['about the programme', '/about', null, 150_000],
  ['contact', '/contact', null, 150_000],
  ['feed (home, signed in)', '/', MEMBER, 150_000],
  ['post', '/posts/1', null, 150_000],
  ['themed networks', '/networks', null, 150_000],
  ['network', '/networks/1', MEMBER, 150_000],
  ['messages', '/messages', MEMBER, 150_000],
  ['notifications', '/notifications', MEMBER, 150_000],
  ['notification settings', '/notifications/settings', MEMBER, 150_000],
  ['moderation (staff)', '/moderation', STAFF, 150_000],
];

/** The cookies of a session of `email`, made in a context of its own. */
export async function sessionCookies(browser, base, email) {
  const context = await browser.newContext();
  const res = await context.request.post(`${base}/api/sign_in`, {
    headers: { origin: base, accept: 'application/json' },
    form: { email, password: PASSWORD },
  });
  if (res.status() >= 400) throw new Error(`sign-in as ${email}: ${res.status()}`);
  const cookies = await context.cookies();
  await context.close();
  return cookies;
}

/** `{ wire, decoded, requests, scripts, status }` of a first visit to `path`. */
export async function weigh(browser, base, path, cookies) {
  const context = await browser.newContext({
    locale: 'en-US',
    viewport: { width: 412, height: 823 },
    isMobile: true,
    serviceWorkers: 'block',
  });
  if (cookies) await context.addCookies(cookies);
  const page = await context.newPage();
  const seen = [];
  page.on('requestfinished', (req) => seen.push(req));
  const response = await page.goto(`${base}${path}`, { waitUntil: 'networkidle' });
  let wire = 0;
  let decoded = 0;
  let scripts = 0;
  for (const req of seen) {
    wire += (await req.sizes()).responseBodySize;
    const resp = await req.response();
    decoded += resp ? (await resp.body().catch(() => Buffer.alloc(0))).length : 0;
    if (/\.(js|mjs|wasm)$/.test(new URL(req.url()).pathname)) scripts += 1;
  }
  await context.close();
  return { wire, decoded, requests: seen.length, scripts, status: response?.status() };
}

/** Waits until the server sends its app files precompressed (it compresses
 *  them in the background at start), as any visitor after the first seconds
 *  gets them. */
export async function precompressed(base) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const r = await fetch(`${base}/pkg/tandem.wasm`, { headers: { 'accept-encoding': 'br' } });
    await r.arrayBuffer();
    if (r.headers.get('etag')) return;
    if (Date.now() > deadline) throw new Error('the app files were never sent precompressed');
    await new Promise((res) => setTimeout(res, 200));
  }
}
