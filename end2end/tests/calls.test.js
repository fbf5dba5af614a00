// The pairing programme in a browser: an applicant reading French on a
// 360 px phone finds the open call, is refused for a small city, applies for
// her own, leaves and resumes on another device, uploads the endorsement
// and a letter, submits and receives the confirmation; programme staff close
// the call and assign a reviewer; the reviewer scores; staff decide and
// announce; the call's page lists the selected city. axe on every new page.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { axeViolations, DEMO_PASSWORD, demoMemberContext, launchBrowser, startServer, waitForHydration } from './support.js';

const APPLICANT = 'isabelle.gagnon@demo.tandem.example';
const STAFF = 'marc-andre.tremblay@demo.tandem.example';
const REVIEWER = 'grace.okafor@demo.tandem.example';
const PHONE = { locale: 'fr-FR', viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };

let server;
let browser;
let pdf;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const dir = mkdtempSync(join(tmpdir(), 'tandem-pdf-'));
  pdf = join(dir, 'approbation.pdf');
  writeFileSync(pdf, '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
  writeFileSync(join(dir, 'photo.pdf'), '\x89PNG\r\n\x1a\nnot a pdf');
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function frenchPhone() {
  const context = await browser.newContext(PHONE);
  context.setDefaultTimeout(20_000);
  const page = await context.newPage();
  await page.goto(`${server.base}/account/sign-in`);
  await waitForHydration(page);
  await page.getByLabel('Adresse e-mail').fill(APPLICANT);
  await page.getByLabel('Mot de passe', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
  await page.waitForURL(`${server.base}/`);
  await page.request.post(`${server.base}/locale`, { form: { lang: 'fr', next: '/' }, headers: { origin: server.base }, maxRedirects: 0 });
  return { context, page };
}

async function noViolations(page) {
  assert.deepEqual(await axeViolations(page), [], page.url());
}

async function noOverflow(page) {
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 360, `${page.url()} is ${wide}px wide`);
}

test('a city applies, is reviewed, selected and announced', async () => {
  // the applicant, in French, on a phone
  let { context, page } = await frenchPhone();
  await page.goto(`${server.base}/pairings`);
  await page.getByRole('link', { name: "Jumelages de villes 2027 : villes d'Amérique du Nord" }).click();
  await page.getByRole('heading', { level: 1, name: /Jumelages de villes 2027/ }).waitFor();
  await noViolations(page);
  await noOverflow(page);
  await page.getByRole('link', { name: 'Postuler pour ma ville' }).first().click();

  // a small city is refused, with why
  await page.getByLabel('Trouver une ville').fill('Granby');
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await page.getByRole('link', { name: 'Granby, Canada' }).click();
  await page.getByText(/66\u202f222 habitants/).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Commencer la candidature' }).count(), 1, 'an official figure may be given');
  await noViolations(page);

  // her own city can apply
  await page.getByRole('link', { name: /Vérifier Québec, Canada/ }).click();
  await page.getByText('Cette ville peut postuler.').waitFor();
  await page.getByRole('button', { name: 'Commencer la candidature' }).click();
  await page.getByText('Votre candidature est commencée.', { exact: false }).waitFor();
  const appUrl = page.url().split('?')[0];
  await noViolations(page);
  await noOverflow(page);

  await page.getByRole('link', { name: 'Ville et contacts' }).click();
  await page.getByLabel('Cabinet du maire (nom et contact)').fill('Cabinet du maire de Québec');
  await page.getByRole('button', { name: 'Enregistrer et continuer' }).click();
  await page.getByLabel('Pourquoi votre ville veut-elle participer ?').fill('Apprendre des villes européennes.');
  await page.getByLabel('Les défis de la ville').fill('Logement et chaleur.');
  await noViolations(page);
  await page.getByRole('button', { name: 'Enregistrer et revenir à la liste' }).click();
  await page.getByText('Enregistré.').waitFor();
  await context.close();

  // resumed on another device: the draft is on the server
  ({ context, page } = await frenchPhone());
  await page.goto(`${server.base}/pairings`);
  await page.getByRole('link', { name: /Québec — Jumelages de villes 2027/ }).click();
  const done = (name) => page.locator('.task-list li', { has: page.getByRole('link', { name }) }).getByText('Terminé');
  await done('Ville et contacts').waitFor();
  await done('Motivation et défis').waitFor();

  // documents: a renamed image is refused beside the field, a PDF is attached
  await page.getByRole('link', { name: 'Lettres et approbation' }).click();
  await page.getByLabel('Fichier PDF').setInputFiles(join(pdf, '..', 'photo.pdf'));
  await page.getByRole('button', { name: 'Envoyer', exact: true }).click();
  await page.getByText("Ce fichier n'est pas un PDF.", { exact: false }).waitFor();
  await page.getByLabel('Fichier PDF').setInputFiles(pdf);
  await page.getByRole('button', { name: 'Envoyer', exact: true }).click();
  await page.getByText('Le document est joint.').waitFor();
  await page.getByLabel('Lettre de soutien').check();
  await page.getByLabel('Fichier PDF').setInputFiles(pdf);
  await page.getByRole('button', { name: 'Envoyer', exact: true }).click();
  await page.getByText('Le document est joint.').waitFor();
  assert.equal(await page.getByRole('link', { name: 'approbation.pdf' }).count(), 2);
  await noViolations(page);

  for (const [section, fields] of [
    ['Priorités thématiques', [['check', 'Logement']]],
    ['Expérience internationale', [['fill', 'Expérience de la coopération internationale', 'Membre de deux réseaux de villes.']]],
    ['Ressources sur 18 mois', [['fill', 'Temps de personnel engagé', 'Deux personnes à mi-temps.'], ['fill', 'Budget engagé', '40 000 CAD']]],
    ["Questions de l'appel", [['fill', /Quelle région européenne/, "L'Europe du Sud."]]],
  ]) {
    await page.goto(appUrl);
    await page.getByRole('link', { name: section }).click();
    for (const [how, label, value] of fields) {
      if (how === 'check') await page.getByLabel(label, { exact: true }).check();
      else await page.getByLabel(label).fill(value);
    }
    await page.getByRole('button', { name: 'Enregistrer et revenir à la liste' }).click();
    await page.getByText('Enregistré.').waitFor();
  }

  await page.getByRole('link', { name: 'Vérifier vos réponses' }).click();
  await page.getByText("L'Europe du Sud.").waitFor();
  assert.equal(await page.getByText('Avant l\'envoi, il manque ces réponses').count(), 0);
  await noViolations(page);
  await noOverflow(page);
  await page.getByRole('button', { name: 'Envoyer la candidature' }).click();
  await page.getByText('Envoyée. Une confirmation', { exact: false }).waitFor();
  const mail = server.mailsTo(APPLICANT).join('\n');
  assert.match(mail, /Sa référence est TDM-\d{4}-1-\d+/);
  assert.match(mail, /Apprendre des villes européennes\./);
  await context.close();

  // staff close the call and assign a reviewer
  const staff = await demoMemberContext(browser, server.base, STAFF);
  await staff.page.goto(`${server.base}/pairings/calls/1/edit`);
  await staff.page.getByRole('button', { name: 'Move to “Closed”' }).click();
  await staff.page.getByText("The call's state has changed.").waitFor();
  await staff.page.getByLabel("Member's e-mail address").fill(REVIEWER);
  await staff.page.getByRole('button', { name: 'Add reviewer' }).click();
  await staff.page.getByRole('button', { name: 'Assign reviewers automatically (balanced)' }).click();
  await staff.page.getByText('Grace Okafor — To review').waitFor();
  await noViolations(staff.page);

  // the reviewer scores
  const reviewer = await demoMemberContext(browser, server.base, REVIEWER);
  await reviewer.page.goto(`${server.base}/pairings/reviews`);
  await reviewer.page.getByRole('link', { name: 'Québec, Canada' }).click();
  for (const [criterion, score] of [['Motivation and fit', '5'], ['Clear priorities', '4'], ['Resources for 18 months', 'na']]) {
    await reviewer.page.getByRole('group', { name: new RegExp(criterion) }).getByLabel('Score').selectOption(score);
  }
  await noViolations(reviewer.page);
  await reviewer.page.getByRole('button', { name: 'Submit the review' }).click();
  await reviewer.page.getByText('Review submitted').first().waitFor();

  // staff rank, decide and announce
  await staff.page.goto(`${server.base}/pairings/calls/1/manage`);
  // the weighted mean: (5 × 3 + 4 × 2) / 5, "not applicable" left out
  await staff.page.getByText('4.60').first().waitFor();
  await staff.page.getByLabel('Decision').selectOption('selected');
  await staff.page.getByRole('button', { name: 'Save the decision' }).click();
  await staff.page.getByText('Decision saved.').waitFor();
  await staff.page.getByRole('button', { name: 'Announce the decisions' }).click();
  await staff.page.getByText('The decisions are announced.').waitFor();
  await staff.context.close();
  await reviewer.context.close();
  assert.match(server.mailsTo(APPLICANT).join('\n'), /Félicitations : Québec a été retenue/);

  // anyone reads who was selected
  const visitor = await browser.newPage();
  await visitor.goto(`${server.base}/pairings/calls/1`);
  const selected = visitor.locator('section', { has: visitor.getByRole('heading', { name: 'Selected cities' }) });
  await selected.getByText('Québec').waitFor();
  await noViolations(visitor);
  await visitor.close();
});

test('a draft saves itself while typing, and waits for the connection to come back', async () => {
  // a server of its own: the journey above closed the open call
  const own = await startServer();
  const { context, page } = await demoMemberContext(browser, own.base, 'daniel.kim@demo.tandem.example');
  await page.goto(`${own.base}/pairings/calls/1/apply?city=6173331`);
  await page.getByRole('button', { name: 'Start the application' }).click();
  await page.getByRole('link', { name: 'Motivation and challenges' }).click();
  const status = page.locator('#save-status');
  await page.locator('#save-status[data-autosave="on"]').waitFor();
  const saved = () => page.waitForResponse((r) => r.url().endsWith('/api/save_step') && r.status() === 200, { timeout: 30_000 });
  let save = saved();
  await page.getByLabel('Why does your city want to take part?').fill('Typed, never submitted.');
  await save;
  await status.getByText(/^Saved at /).waitFor();
  await page.reload();
  assert.equal(await page.getByLabel('Why does your city want to take part?').inputValue(), 'Typed, never submitted.');

  // offline: the text stays, the page says so, and it is saved once back
  await page.locator('#save-status[data-autosave="on"]').waitFor();
  await context.setOffline(true);
  await page.getByLabel('Why does your city want to take part?').fill('Written on the train.');
  await status.getByText(/^Not saved yet/).waitFor();
  save = saved();
  await context.setOffline(false);
  await save;
  await status.getByText(/^Saved at /).waitFor();
  await page.reload();
  assert.equal(await page.getByLabel('Why does your city want to take part?').inputValue(), 'Written on the train.');
  await context.close();
  await own.stop();
});
