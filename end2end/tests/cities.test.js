// The city directory: accent-insensitive search, a page per city.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, startServer } from './support.js';

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

for (const javaScriptEnabled of [true, false]) {
  test(`a member finds Querétaro without typing the accent (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
    const context = await browser.newContext({ javaScriptEnabled, locale: 'es-MX', extraHTTPHeaders: { 'Accept-Language': 'es-MX,es' } });
    const page = await context.newPage();
    await page.goto(`${server.base}/network`);
    // with scripts on, act once the page has hydrated (the WASM, the route's
    // chunk and the service worker's first fetches are done)
    if (javaScriptEnabled) await page.waitForLoadState('networkidle');
    await page.getByRole('link', { name: 'Directorio de ciudades' }).click();
    await page.waitForURL('**/network/cities');
    if (javaScriptEnabled) await page.waitForLoadState('networkidle');
    await page.getByLabel('Nombre de la ciudad').fill('queretaro');
    await page.getByRole('button', { name: 'Buscar' }).click();
    await page.waitForURL('**/network/cities?q=queretaro');
    await page.getByRole('link', { name: 'Santiago de Querétaro' }).click();
    await page.waitForURL('**/cities/3991164');
    await page.getByRole('heading', { name: 'Santiago de Querétaro' }).waitFor();
    await page.getByText('America/Mexico_City').waitFor();
    assert.ok(await page.getByText('1.594.212').count(), 'population grouped the Spanish way');
    await context.close();
  });
}
