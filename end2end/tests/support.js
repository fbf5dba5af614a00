// Starts the release server on a free port over a fresh data directory and
// drives Debian's Chromium through playwright-core. No browser download.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '..', '..');

function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
    s.on('error', rej);
  });
}

const running = new Set();
process.once('exit', () => {
  for (const p of running) p.kill('SIGKILL');
});

export async function startServer(extraEnv = {}) {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'tandem-e2e-'));
  const base = `http://127.0.0.1:${port}`;
  const proc = spawn(join(ROOT, 'target/release/tandem'), ['--config', join(ROOT, 'Leptos.toml'), 'serve'], {
    cwd: ROOT,
    env: {
      ...process.env,
      TANDEM_SITE_ADDR: `127.0.0.1:${port}`,
      TANDEM_BASE_URL: base,
      TANDEM_DATA_DIR: dataDir,
      TANDEM_SITE_ROOT: join(ROOT, 'target/site'),
      RUST_LOG: 'warn',
      ...extraEnv,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  // a failed `after` hook (a CSP violation found at browser.close) skips the
  // server's stop: the server must not keep the test file's process alive
  proc.unref();
  running.add(proc);
  proc.once('exit', () => running.delete(proc));
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const r = await fetch(`${base}/healthz`);
      if (r.ok) break;
    } catch {}
    if (proc.exitCode !== null) throw new Error(`server exited with ${proc.exitCode}`);
    if (Date.now() > deadline) throw new Error('server did not become healthy');
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    base,
    dataDir,
    async stop() {
      proc.kill('SIGTERM');
      await new Promise((r) => (proc.exitCode !== null ? r() : proc.once('exit', r)));
      rmSync(dataDir, { recursive: true, force: true });
    },
    /** The messages written to the outbox for `to`, oldest first, decoded. */
    mailsTo(to) {
      const dir = join(dataDir, 'outbox');
      let files = [];
      try {
        files = readdirSync(dir).filter((f) => f.endsWith('.eml')).sort();
      } catch {}
      return files
        .map((f) => decodeQuotedPrintable(readFileSync(join(dir, f), 'utf8')))
        .filter((m) => m.split('\n').some((l) => l.startsWith('To:') && l.includes(to)));
    },
    linkTo(to, path) {
      const mails = this.mailsTo(to);
      for (const m of mails.reverse()) {
        const match = m.match(new RegExp(`https?://\\S+${path.replace(/\//g, '\\/')}\\?token=[0-9a-f]+`));
        if (match) return match[0];
      }
      return null;
    },
  };
}

export function decodeQuotedPrintable(raw) {
  const joined = raw.replace(/=\r?\n/g, '');
  const bytes = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined.slice(i + 1, i + 3);
    if (joined[i] === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(joined[i], 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8').replace(/\r\n/g, '\n');
}

/** Chromium, with every page watched for Content-Security-Policy
 * violations: closing the browser fails the test if a page had one (the
 * suite runs under the site's real policy). */
export async function launchBrowser() {
  const browser = await launchChromium();
  const violations = [];
  const watch = (page) =>
    page.on('console', (msg) => {
      if (/Content Security Policy/i.test(msg.text())) violations.push(`${page.url()}: ${msg.text()}`);
    });
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (...args) => {
    const context = await newContext(...args);
    context.on('page', watch);
    return context;
  };
  const newPage = browser.newPage.bind(browser);
  browser.newPage = async (...args) => {
    const page = await newPage(...args);
    watch(page);
    return page;
  };
  const close = browser.close.bind(browser);
  browser.close = async (...args) => {
    await close(...args);
    if (violations.length) throw new Error(`Content-Security-Policy violations:\n${violations.join('\n')}`);
  };
  return browser;
}

/** axe-core's WCAG 2.2 A/AA violations on the page, one line each
 * ("rule: targets"). axe is injected through the DevTools protocol: an
 * inline script tag would be refused by the page's CSP, as it should be. */
export async function axeViolations(page) {
  if (await page.evaluate(() => typeof window.axe === 'undefined')) {
    await page.evaluate(AXE_SOURCE);
  }
  const result = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } }),
  );
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Waits until the WASM has hydrated the page (the password toggle appears). */
export async function waitForHydration(page) {
  await page.waitForFunction(() => document.querySelector('button.toggle:not([hidden])') !== null, null, { timeout: 15_000 });
}

export const PASSWORD = 'a long enough passphrase';

export const DEMO_PASSWORD = 'tandem-demo-password';

/** A browser context signed in as a demo member and reading English, whatever
 * the account's language (`options` go to `browser.newContext`). */
export async function demoMemberContext(browser, base, email, { timeout = 20_000, ...options } = {}) {
  const context = await browser.newContext({ locale: 'en-US', ...options });
  context.setDefaultTimeout(timeout);
  const page = await context.newPage();
  await page.goto(`${base}/account/sign-in`);
  await waitForHydration(page);
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL(`${base}/`);
  // signing in brings the account's language back; the tests read English
  await page.request.post(`${base}/locale`, {
    form: { lang: 'en', next: '/' },
    headers: { origin: base },
    maxRedirects: 0,
  });
  await page.goto(`${base}/`);
  if ((await page.evaluate(() => document.documentElement.lang)) !== 'en') throw new Error('the page is not in English');
  return { context, page };
}
