/**
 * Launching Debian's chromium for the dashboard tests (playwright-core, no downloaded browsers). When
 * /usr/bin/chromium is missing the tests skip with a message — except with any truthy CI or
 * QUADRANT_REQUIRE_BROWSER=1, where they fail (test/support/required-services.ts).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { skipUnlessAvailable } from '../support/required-services.ts';

export const CHROMIUM = process.env.QUADRANT_CHROMIUM ?? '/usr/bin/chromium';

/** Why the browser tests skip (undefined: chromium is there); throws when the browser is required. */
export function chromiumSkipReason(): string | undefined {
  const missing = existsSync(CHROMIUM)
    ? undefined
    : `${CHROMIUM} not found: install it with \`apt-get install -y chromium\` to run the browser tests`;
  return skipUnlessAvailable('browser', missing);
}

export interface BrowserSession {
  context: BrowserContext;
  consoleErrors: string[];
  externalRequests: string[];
  close(): Promise<void>;
}

/** A persistent context in a fresh user-data-dir; every request not to 127.0.0.1 is recorded and aborted. */
export async function openBrowser(): Promise<BrowserSession> {
  const { chromium } = await import('playwright-core');
  const userDataDir = mkdtempSync(join(tmpdir(), 'quadrant-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
    viewport: { width: 1280, height: 900 },
  });
  const consoleErrors: string[] = [];
  const externalRequests: string[] = [];
  await context.route('**/*', (route) => {
    const u = new URL(route.request().url());
    if (u.protocol === 'data:' || u.hostname === '127.0.0.1') return route.continue();
    externalRequests.push(u.href);
    return route.abort();
  });
  const watch = (page: Page) => {
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(`${page.url()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => consoleErrors.push(`${page.url()}: ${e.message}`));
  };
  context.on('page', watch);
  for (const p of context.pages()) watch(p);
  return {
    context,
    consoleErrors,
    externalRequests,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export function screenshotPath(name: string): string {
  const dir = join(process.cwd(), 'test-results');
  mkdirSync(dir, { recursive: true });
  return join(dir, name);
}

export type { Browser };
