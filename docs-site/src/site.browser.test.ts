// The built site in headless Chromium: every page loads with no console error and no request
// leaving 127.0.0.1, links between guides, examples and reference resolve, the reference lists
// every operation, the scopes and errors tables hold every scope and code of the spec, the webhooks
// tables every event and retry.
// Screenshots of the landing page, a guide and an operation go to reports/screenshots/.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSpec } from '../../openapi/tools/spec.js';
import { type BuildResult, buildSite } from './build.js';
import { buildContext } from './context.js';
import { GUIDES } from './guides/index.js';
import { SCREENSHOT_DIR } from './paths.js';
import { type DocsServer, startDocsServer } from './serve.js';
import { duration } from './tables.js';
import { isLocal, launchChromium, watchedPage } from './testing/browser.js';

const spec = loadSpec();
/** Redoc has hydrated the server-rendered page once its links are hash routes. */
const HYDRATED = 'a[href="#/account"]';
const ctx = buildContext(spec);
let out: string;
let site: BuildResult;
let server: DocsServer;
let browser: Browser;

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'parley-docs-'));
  site = await buildSite({ outDir: out });
  server = await startDocsServer({ root: out, port: 0 });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (out) rmSync(out, { recursive: true, force: true });
});

describe('every page', () => {
  it('was built: landing, every guide, one examples page per tag, the reference', () => {
    expect(site.pages).toContain('index.html');
    expect(site.pages).toContain('reference/index.html');
    expect(site.pages.filter((p) => p.startsWith('guides/')).sort()).toEqual(GUIDES.map((g) => `guides/${g.slug}.html`).sort());
    expect(site.pages.filter((p) => p.startsWith('examples/'))).toHaveLength(ctx.tags.length);
  });

  it('loads with no console error and no request leaving 127.0.0.1', async () => {
    const problems: string[] = [];
    for (const path of site.pages) {
      const w = await watchedPage(browser, server.url);
      const res = await w.page.goto(`${server.url}/${path}`, { waitUntil: 'load' });
      if (path.startsWith('reference/')) await w.page.waitForSelector(HYDRATED, { state: 'attached' });
      await w.page.waitForTimeout(200);
      if (res?.status() !== 200) problems.push(`${path}: HTTP ${res?.status()}`);
      for (const e of w.consoleErrors) problems.push(`${path}: console error: ${e}`);
      for (const u of w.outside) problems.push(`${path}: request outside 127.0.0.1: ${u}`);
      await w.page.close();
    }
    expect(problems).toEqual([]);
  }, 180_000);

  it('links only to pages and anchors that exist', async () => {
    const broken: string[] = [];
    const w = await watchedPage(browser, server.url);
    for (const path of site.pages.filter((p) => !p.startsWith('reference/'))) {
      await w.page.goto(`${server.url}/${path}`);
      const raw = await w.page.$$eval('a[href]', (as) => as.map((a) => a.getAttribute('href') ?? ''));
      const links = raw.map((h) => new URL(h, `${server.url}/${path}`).href);
      for (const href of new Set(links)) {
        if (!isLocal(href, server.url)) continue;
        const [url, hash] = href.split('#');
        const res = await fetch(url);
        if (res.status !== 200) broken.push(`${path} → ${href}: ${res.status}`);
        else if (hash && !url.endsWith('/reference/') && !url.endsWith('/reference/index.html')) {
          const html = await res.text();
          if (!html.includes(`id="${decodeURIComponent(hash)}"`)) broken.push(`${path} → ${href}: no #${hash}`);
        }
      }
    }
    await w.page.close();
    expect(broken).toEqual([]);
  }, 120_000);
});

describe('navigation', () => {
  it('goes from the landing page to a guide, to an operation of the reference, and back', async () => {
    const w = await watchedPage(browser, server.url);
    const { page } = w;
    await page.goto(`${server.url}/index.html`);
    await page.click('text=Get started');
    await expect.poll(() => page.title()).toContain('Getting started');
    await page.click('.site-sidebar >> text=Authentication');
    await expect.poll(() => page.url()).toContain('/guides/authentication.html');
    await page.click('.site-content a:has-text("Create an API key")');
    await expect.poll(() => page.url()).toContain('/reference/#/api-keys/createapikey');
    await page.waitForSelector('text=Creates an API key with the given scopes');
    await page.click('.site-topbar >> text=Guides');
    await expect.poll(() => page.url()).toContain('/guides/getting-started.html');
    expect(w.consoleErrors).toEqual([]);
    await page.close();
  }, 60_000);
});

describe('the reference', () => {
  it('lists every operation of the spec', async () => {
    const w = await watchedPage(browser, server.url);
    await w.page.goto(`${server.url}/reference/index.html`);
    await w.page.waitForSelector(HYDRATED, { state: 'attached' });
    const listed = new Set<string>();
    for (const tag of ctx.tags) {
      await w.page.evaluate(`location.hash = ${JSON.stringify(`#/${tag.slug}`)}`);
      await w.page.waitForSelector(`a[href^="#/${tag.slug}/"]`, { state: 'attached' });
      const hrefs = await w.page.$$eval(`a[href^="#/${tag.slug}/"]`, (as) => as.map((a) => a.getAttribute('href')!));
      for (const h of hrefs) listed.add(h.split('#')[1]);
    }
    const missing = ctx.operations
      .map((o) => `/${ctx.tags.find((t) => t.name === o.tag)!.slug}/${o.operationId.toLowerCase()}`)
      .filter((p) => !listed.has(p));
    const inSpec = Object.values<any>(spec.paths).flatMap((item) =>
      ['get', 'put', 'post', 'patch', 'delete'].filter((m) => item[m]?.operationId),
    ).length;
    expect(ctx.operations.length).toBe(inSpec);
    expect(missing).toEqual([]);
    await w.page.close();
  }, 60_000);

  it('shows an operation with its curl and TypeScript samples', async () => {
    const w = await watchedPage(browser, server.url);
    await w.page.goto(`${server.url}/reference/#/calls/triggercall`);
    await w.page.waitForSelector('text=Places an outbound call from one of your numbers');
    // Redoc scrolls to the operation and loads its search index after hydration: let both settle.
    await w.page.waitForSelector('text=Search Ctrl+K');
    let last = -1;
    for (let i = 0; i < 20; i++) {
      const y = await w.page.evaluate<number>('window.scrollY');
      if (y === last && y > 0) break;
      last = y;
      await w.page.waitForTimeout(300);
    }
    const text = await w.page.textContent('body');
    expect(text).toContain('curl -X POST https://api.parley.dev/v1/calls');
    expect(await w.page.$('img[src*="cdn."]')).toBeNull();
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await w.page.screenshot({ path: join(SCREENSHOT_DIR, 'operation-trigger-call.png') });
    await w.page.close();
  }, 60_000);
});

describe('the tables', () => {
  const columnText = async (path: string, table: string, column = 1) => {
    const w = await watchedPage(browser, server.url);
    await w.page.goto(`${server.url}/${path}`);
    const cells = await w.page.$$eval(`table[data-table="${table}"] tbody tr td:nth-child(${column})`, (tds) =>
      tds.map((td) => (td.textContent ?? '').trim()),
    );
    await w.page.close();
    return cells;
  };

  it('the scopes table holds every scope of x-scopes', async () => {
    expect((await columnText('guides/scopes.html', 'scopes')).sort()).toEqual(Object.keys(spec['x-scopes']).sort());
  });

  it('the errors table holds every code of ErrorCode', async () => {
    expect((await columnText('guides/errors.html', 'errors', 2)).sort()).toEqual([...spec.components.schemas.ErrorCode.enum].sort());
  });

  it('the test-mode table holds every magic value of x-test-values', async () => {
    expect(await columnText('guides/test-mode.html', 'test-values')).toEqual(spec['x-test-values'].map((v: { value: string }) => v.value));
  });

  it('the webhooks tables hold every event and every delay of the retry schedule, in order', async () => {
    expect(await columnText('guides/webhooks.html', 'webhook-events')).toEqual(Object.keys(spec.webhooks));
    expect(await columnText('guides/webhooks.html', 'webhook-retries', 2)).toEqual([
      'immediately',
      ...ctx.model.webhookDelivery.retryScheduleSeconds.map(duration),
    ]);
  });
});

describe('screenshots', () => {
  it.each([
    { name: 'landing.png', path: 'index.html', fullPage: true },
    { name: 'guide-authentication.png', path: 'guides/authentication.html', fullPage: false },
    { name: 'guide-errors.png', path: 'guides/errors.html#codes', fullPage: false },
    { name: 'guide-webhooks.png', path: 'guides/webhooks.html#verify', fullPage: false },
    { name: 'examples-calls.png', path: 'examples/calls.html', fullPage: false },
  ])('$name', async ({ name, path, fullPage }) => {
    const w = await watchedPage(browser, server.url);
    await w.page.goto(`${server.url}/${path}`);
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await w.page.screenshot({ path: join(SCREENSHOT_DIR, name), fullPage });
    expect(w.consoleErrors).toEqual([]);
    await w.page.close();
  });
});
