/**
 * Headless Chromium for the browser tests (playwright-core with the system's /usr/bin/chromium).
 * When Chromium is missing the tests skip with a message, unless REQUIRE_BROWSER=1 (CI), where
 * that is a failure.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const SCREENSHOTS = path.join(ROOT, 'test-artifacts', 'screenshots');
export const AXE_PATH = path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');

/** Whether the browser tests can run; throws when REQUIRE_BROWSER=1 and Chromium is missing. */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  const message = `Chromium saknas (${CHROMIUM}): webbläsartesterna hoppas över. Installera paketet chromium, eller sätt CHROMIUM_PATH.`;
  if (process.env.REQUIRE_BROWSER === '1') throw new Error(`REQUIRE_BROWSER=1 men ${message}`);
  console.warn(message);
  return false;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

export interface ContextOptions {
  width?: number;
  height?: number;
  /** Local mode: the demo user (aadObjectId) stored before the app loads. */
  devUser?: string;
}

/** A fresh context per test: its own storage, its own downloads. */
export async function newContext(browser: Browser, options: ContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
    acceptDownloads: true,
    locale: 'sv-SE',
    timezoneId: 'Europe/Stockholm',
  });
  if (options.devUser) {
    await context.addInitScript((id: string) => {
      window.localStorage.setItem('samverkan.devUser', id);
    }, options.devUser);
  }
  return context;
}

export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return path.join(SCREENSHOTS, `${name}.png`);
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** Runs axe-core on the page as it is now; returns the serious and critical violations. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE_PATH });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document);
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
