// Headless Debian Chromium for the docs tests, with the house flags, and a page wrapper that
// records console errors and blocks (and records) every request that would leave 127.0.0.1.
import { existsSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (listed in .ci/apt-packages)`);
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
}

export interface WatchedPage {
  page: Page;
  consoleErrors: string[];
  /** Requests to anything but the site's own origin (blocked before they leave). */
  outside: string[];
}

/** True for URLs that stay on this machine's site: its origin, data: and blob: of its origin. */
export const isLocal = (url: string, origin: string) =>
  url.startsWith(`${origin}/`) || url === origin || url.startsWith('data:') || url.startsWith(`blob:${origin}/`);

export async function watchedPage(browser: Browser, origin: string, viewport = { width: 1400, height: 900 }): Promise<WatchedPage> {
  const page = await browser.newPage({ viewport });
  const watched: WatchedPage = { page, consoleErrors: [], outside: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') watched.consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => watched.consoleErrors.push(`uncaught: ${e.message}`));
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (isLocal(url, origin)) return route.continue();
    watched.outside.push(url);
    return route.abort('blockedbyclient');
  });
  return watched;
}
