import { chromium, type Browser, type Page } from 'playwright-core';
import { after, before } from 'node:test';
import { ADMIN, startTestApp, type TestApp } from './harness.ts';
import { existsSync } from 'node:fs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's Chromium, headless, with the flags this closed network needs (Playwright gives it a fresh profile). */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install chromium (.ci/run does)`);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  // Every wait in the browser tests is on a condition; Playwright's 30 s default ceiling is what a
  // shared, loaded machine overran. A passing run is no slower with a higher ceiling.
  const newPage = browser.newPage.bind(browser);
  browser.newPage = async (options) => {
    const page = await newPage(options);
    page.setDefaultTimeout(PAGE_WAIT_CEILING_MS);
    return page;
  };
  return browser;
}

/** How long a browser-test action or wait may take before it fails. */
export const PAGE_WAIT_CEILING_MS = 90_000;

export async function signIn(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** A new page signed in as the test admin, with the dashboard shell loaded. */
export async function openSignedIn(browser: Browser, baseUrl: string): Promise<Page> {
  const page = await browser.newPage();
  await signIn(page, baseUrl, ADMIN.email, ADMIN.password);
  await page.getByTestId('app-version').waitFor();
  return page;
}

/**
 * For a browser test suite: the app and Chromium, started once before its tests and stopped after.
 * Tests read `env.app` and `env.browser`.
 */
export function appInChromium(): { app: TestApp; browser: Browser } {
  const env = {} as { app: TestApp; browser: Browser };
  before(async () => {
    env.app = await startTestApp();
    env.browser = await launchBrowser();
  });
  after(async () => {
    await env.browser?.close();
    await env.app?.stop();
  });
  return env;
}
