import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';

/** Debian's Chromium: the suite drives the one the machine has and never downloads a browser. */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** Where screenshots go (gitignored): one per page a test visits. */
export const ARTIFACTS = join(__dirname, '..', '..', 'artifacts');

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `No Chromium at ${CHROMIUM_PATH}: install Debian's (apt-get install -y chromium) or set CHROMIUM_PATH`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    // Root in a container: Chromium's sandbox needs user namespaces it may not have.
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
}

/** A page of the shop in a fresh browser profile (empty cart, new session), and what it logged. */
export interface ShopPage {
  page: Page;
  context: BrowserContext;
  /** Console errors and uncaught page errors, minus the browser's own "Failed to load resource" lines. */
  problems: string[];
  /** Saves a full-page screenshot as artifacts/<name>.png and returns its path. */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

export async function openShop(browser: Browser, shopUrl: string): Promise<ShopPage> {
  const context = await browser.newContext({
    baseURL: shopUrl,
    viewport: { width: 1280, height: 900 },
    locale: 'en-IE',
  });
  // Every wait in these tests is for something seconds away at most; fail fast and say what.
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    // Chromium logs every 4xx/5xx fetch; the shop answers 402 and 409 on purpose.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      problems.push(message.text());
    }
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  mkdirSync(ARTIFACTS, { recursive: true });
  return {
    page,
    context,
    problems,
    async screenshot(name) {
      const path = join(ARTIFACTS, `${name}.png`);
      await page.screenshot({ path, fullPage: true });
      return path;
    },
    close: () => context.close(),
  };
}
