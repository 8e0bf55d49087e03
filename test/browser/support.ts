/** What the browser tests share: Debian's Chromium, launched lean, and axe-core to inject into a page. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type Browser, chromium, type Page } from 'playwright-core';
import { findChromium } from '../../infra/local/prerequisites.ts';

export const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Chromium where `npm run prerequisites` (npm test's pretest) found or put it: CHROMIUM_PATH, else PATH. */
export function launchChromium(): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) {
    throw new Error('Chromium not found (CHROMIUM_PATH, or chromium on PATH): run `npm run prerequisites`');
  }
  return chromium.launch({
    executablePath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** The serious and critical axe-core findings on a page that runs script, as `rule (nodes)`. */
export async function seriousAxeFindingsOn(
  page: Page,
  options: { underCsp?: boolean } = {},
): Promise<string[]> {
  // A page whose CSP allows no inline script (the console) gets axe through the debugging protocol instead,
  // which its policy does not govern, so the page is checked with the policy it is served with.
  if (options.underCsp) await page.evaluate(AXE_SOURCE);
  else await page.addScriptTag({ content: AXE_SOURCE });
  const results = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: { run: () => Promise<{ violations: Array<{ id: string; impact: string; nodes: unknown[] }> }> };
      }
    ).axe;
    return axe.run();
  });
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.nodes.length})`);
}
