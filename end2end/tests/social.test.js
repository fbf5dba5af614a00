// The social network in a browser: two members post, comment, react and
// follow; the author's bell counts up without a reload; a follower's feed
// says "new posts" live; both join a themed network and message each other,
// the message arriving in the open conversation live; one reports a post and
// a moderator hides it. axe on each new page.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { axeViolations, demoMemberContext, launchBrowser, startServer } from './support.js';

const GRACE = 'grace.okafor@demo.tandem.example';
const ANA = 'ana.torres@demo.tandem.example';
const STAFF = 'marc-andre.tremblay@demo.tandem.example';

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

/** Waits until the member's live channel is open (the header's island). */
async function live(page) {
  await page.waitForFunction(() => document.documentElement.dataset.live === 'on', null, { timeout: 15_000 });
}

test('two members post, comment, react, follow, message live; a report is hidden by a moderator', async () => {
  const base = server.base;
  const grace = await demoMemberContext(browser, base, GRACE);
  const ana = await demoMemberContext(browser, base, ANA);
  const g = grace.page;
  const a = ana.page;

  // Grace posts from her feed; an empty post is refused beside the field
  await g.getByRole('heading', { name: 'Your feed' }).waitFor();
  await g.getByRole('button', { name: 'Post', exact: true }).click();
  await g.getByText('This field is required.').waitFor();
  await g.getByLabel('Share news about your city or work').fill('Our **heat plan** opens cooling centres in every district this summer.');
  await g.getByRole('button', { name: 'Post', exact: true }).click();
  const card = g.locator('li.post', { hasText: 'opens cooling centres' }).first();
  await card.waitFor();
  await noViolations(g);
  const postHref = await card.locator('.post-head .hint a').first().getAttribute('href');
  const graceHref = await card.locator('h3 a').getAttribute('href');
  assert.match(postHref, /^\/posts\/\d+$/);

  // Ana follows Grace from her profile, then watches her own feed
  await a.goto(`${base}${graceHref}`);
  await a.getByRole('button', { name: 'Follow', exact: true }).click();
  await a.getByRole('button', { name: 'Following', exact: true }).waitFor();
  await a.goto(`${base}/`);
  await live(a);

  // Grace keeps her feed open; her bell counts Ana's reaction and comment live
  await g.goto(`${base}/`);
  await live(g);
  const before = Number((await g.locator('#bell-count').textContent()) || '0');

  const ana2 = await ana.context.newPage();
  await ana2.goto(`${base}${postHref}`);
  await ana2.getByRole('button', { name: /^Useful for my city/ }).click();
  await ana2.getByRole('button', { name: 'Useful for my city 1' }).waitFor();
  await ana2.getByLabel('Your comment').fill('We did the same in Mexico City: happy to share our maps.');
  await ana2.getByRole('button', { name: 'Send', exact: true }).click();
  await ana2.getByText('happy to share our maps').waitFor();
  await noViolations(ana2);
  await g.waitForFunction((n) => Number(document.querySelector('#bell-count')?.textContent || '0') >= n + 2, before, { timeout: 10_000 });

  // a new post by Grace is announced on Ana's open feed without a reload
  await g.getByLabel('Share news about your city or work').fill('Second update: maps of the cooling centres are online.');
  await g.getByRole('button', { name: 'Post', exact: true }).click();
  await g.locator('li.post', { hasText: 'Second update' }).first().waitFor();
  await a.locator('#feed-new:not([hidden])').waitFor({ timeout: 10_000 });
  assert.match(await a.locator('#feed-new a').textContent(), /1 new posts/);

  // both join the same themed network (one neither is in yet), so they may
  // write to each other
  let net;
  for (let n = 1; n < 40 && !net; n++) {
    await g.goto(`${base}/networks/${n}`);
    const gj = await g.getByRole('button', { name: 'Join', exact: true }).count();
    await ana2.goto(`${base}/networks/${n}`);
    const aj = await ana2.getByRole('button', { name: 'Join', exact: true }).count();
    if (gj && aj) net = n;
  }
  assert.ok(net, 'a network neither has joined');
  for (const p of [g, ana2]) {
    await p.goto(`${base}/networks/${net}`);
    await p.getByRole('button', { name: 'Join', exact: true }).click();
    await p.getByRole('button', { name: 'Leave', exact: true }).waitFor();
  }
  await g.goto(`${base}/networks/${net}`);
  await noViolations(g);
  const anaHref = await g.locator('aside a', { hasText: 'Ana' }).first().getAttribute('href');
  const graceId = graceHref.split('/').pop();
  const anaId = anaHref.split('/').pop();

  // Ana opens the conversation; Grace writes; the message appears live
  await ana2.goto(`${base}/messages/${graceId}`);
  await live(ana2);
  await g.goto(`${base}/messages/${anaId}`);
  await g.getByText('not end-to-end encrypted').waitFor();
  await g.getByLabel('Your message').fill('Shall we compare our heat plans next week?');
  await g.getByRole('button', { name: 'Send', exact: true }).click();
  await g.locator('#thread', { hasText: 'compare our heat plans' }).waitFor();
  await ana2.locator('#thread', { hasText: 'compare our heat plans' }).waitFor({ timeout: 10_000 });
  await noViolations(ana2);

  // Ana reports Grace's post; a moderator hides it; it is gone for readers
  await ana2.goto(`${base}${postHref}`);
  await ana2.locator('details.report summary').first().click();
  await ana2.getByLabel('Why', { exact: true }).first().selectOption('off_topic');
  await ana2.getByRole('button', { name: 'Send the report' }).first().click();
  await ana2.getByText('Thank you: the moderators will look at it.').waitFor();

  const staff = await demoMemberContext(browser, base, STAFF);
  await staff.page.goto(`${base}/moderation`);
  const item = staff.page.locator('li.card', { hasText: 'opens cooling centres' });
  await item.waitFor();
  await noViolations(staff.page);
  await item.getByLabel('Why (kept in the log)').fill('Not about city cooperation');
  await item.getByRole('button', { name: 'Hide' }).click();
  await staff.page.getByText('Not about city cooperation').waitFor();
  const res = await ana2.goto(`${base}${postHref}`);
  assert.equal(res.status(), 404);

  await staff.context.close();
  await grace.context.close();
  await ana.context.close();
});
