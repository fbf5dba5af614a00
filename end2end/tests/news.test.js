// News and publications in a browser: programme staff write an article in
// English, translate it into Spanish and schedule it; a reader on a 360 px
// phone loads more news without a reload (focus moves to the first new
// article, the count is announced), opens an article in Spanish, downloads a
// publication, and subscribes to the digest and confirms it. axe on each page.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { axeViolations, demoMemberContext, launchBrowser, startServer } from './support.js';

const STAFF = 'marc-andre.tremblay@demo.tandem.example';
const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, locale: 'es-MX' };

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

test('staff write an article, translate it and schedule it', async () => {
  const { page } = await demoMemberContext(browser, server.base, STAFF);
  await page.goto(`${server.base}/news`);
  await page.getByRole('link', { name: 'Write an article' }).click();
  await page.getByLabel('Title').fill('Street trees for cooler schoolyards');
  await page.getByLabel('Article (Markdown)').fill('Cities plant trees.\n\n## Why\n\nShade cools the yard.');
  // a bad publication time is refused beside the field, the text kept
  await page.getByLabel('Publish at (empty: now)').fill('2000-01-01T10:00');
  await page.getByLabel('Cities it is about (GeoNames numbers, comma-separated)').fill('12, abc');
  await page.getByRole('button', { name: 'Save as draft' }).click();
  await page.getByText('Numbers only, separated by commas.').waitFor();
  assert.equal(await page.getByLabel('Title').inputValue(), 'Street trees for cooler schoolyards');
  await page.getByLabel('Cities it is about (GeoNames numbers, comma-separated)').fill('6077243');
  await page.getByLabel('Publish at (empty: now)').fill('');
  await page.getByRole('button', { name: 'Save as draft' }).click();
  await page.getByText('Saved.').waitFor();
  await noViolations(page);
  const id = page.url().split('/news/')[1].split('/')[0];
  // the Spanish version
  await page.getByRole('link', { name: 'Add or edit the español version' }).click();
  await page.getByLabel('Title').fill('Árboles para patios escolares más frescos');
  await page.getByLabel('Article (Markdown)').fill('Las ciudades plantan árboles.');
  // scheduled for next year
  const next = new Date(Date.now() + 365 * 86400e3).toISOString().slice(0, 16);
  await page.getByLabel('Publish at (empty: now)').fill(next);
  await page.getByRole('button', { name: 'Publish' }).click();
  await page.getByText('Saved.').waitFor();
  await page.getByText(/Scheduled for/).first().waitFor();
  // a visitor cannot see it yet
  const visitor = await browser.newContext();
  const v = await visitor.newPage();
  const res = await v.goto(`${server.base}/news/${id}`);
  assert.equal(res.status(), 404);
  await visitor.close();
});

test('a reader on a phone loads more, reads in Spanish, downloads, subscribes', async () => {
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  await page.goto(`${server.base}/news`);
  await page.getByRole('heading', { level: 1, name: 'Noticias' }).waitFor();
  await noViolations(page);
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 360, `/news is ${wide}px wide`);
  await page.locator('#news-more[data-ready]').waitFor({ state: 'attached' });
  const before = await page.locator('#news-list > li').count();
  await page.getByRole('link', { name: 'Cargar más' }).click();
  await page.waitForFunction((n) => document.querySelectorAll('#news-list > li').length > n, before);
  assert.ok(!page.url().includes('page='), 'no reload, the address stays');
  const added = await page.locator('#news-list > li').count();
  await page.getByText(`Se muestran ${added - before} artículos más.`).waitFor({ state: 'attached' });
  const focusIndex = await page.evaluate(() => [...document.querySelectorAll('#news-list > li')].indexOf(document.activeElement?.closest('li')));
  assert.equal(focusIndex, before, 'focus on the first new article');
  // an article in Spanish (the reader's language)
  await page.goto(`${server.base}/news`);
  await page.locator('#news-list a[href^="/news/"]').first().click();
  await page.locator('article h1').waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'es');
  await noViolations(page);
  // a publication, its size and language shown before download
  await page.goto(`${server.base}/publications`);
  await page.getByRole('heading', { level: 1, name: 'Publicaciones' }).waitFor();
  await noViolations(page);
  await page.locator('#pub-list a').first().click();
  const download = page.getByRole('link', { name: /Descargar \(PDF, .+\)/ });
  await download.waitFor();
  await noViolations(page);
  const [file] = await Promise.all([page.waitForEvent('download'), download.click()]);
  assert.match(file.suggestedFilename(), /\.pdf$/);
  // the digest: subscribe, confirm from the mail
  await page.goto(`${server.base}/news/subscribe`);
  await page.getByLabel('Tu correo electrónico').fill('lector@example.org');
  await page.getByRole('button', { name: 'Suscribirse' }).click();
  await page.getByText('Casi listo', { exact: false }).waitFor();
  const link = server.linkTo('lector@example.org', '/news/subscribe/confirm');
  assert.ok(link, 'a confirmation mail');
  await page.goto(link);
  await noViolations(page);
  await page.getByRole('button', { name: 'Sí, enviadme las noticias semanales' }).click();
  await page.getByText('Ya estás suscrito/a', { exact: false }).waitFor();
  await context.close();
});

test('the contact form keeps what was typed and thanks the sender', async () => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  await page.goto(`${server.base}/contact`);
  await noViolations(page);
  await page.getByLabel('Your name').fill('Rosa Press');
  await page.getByLabel('Your e-mail address').fill('not-an-address');
  await page.getByLabel('Subject').selectOption('press');
  await page.getByLabel('Message').fill('Could we interview a pairing?');
  await page.getByRole('button', { name: 'Send the message' }).click();
  await page.locator('#f-email-error').getByText(/.+/).waitFor();
  assert.equal(await page.getByLabel('Message').inputValue(), 'Could we interview a pairing?');
  await page.getByLabel('Your e-mail address').fill('rosa@paper.example');
  await page.getByRole('button', { name: 'Send the message' }).click();
  await page.getByText('Thank you: your message has reached the programme team', { exact: false }).waitFor();
  assert.equal(server.mailsTo('rosa@paper.example').length, 1);
  await context.close();
});
