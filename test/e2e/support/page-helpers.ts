import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { expect } from './fixtures';

/** The page a scope belongs to: a `has:` filter takes locators built from the page, not from the scope. */
export const pageOf = (scope: Page | Locator): Page => ('keyboard' in scope ? scope : scope.page());

/** The list row (ARIA role row) whose row header is exactly `ref`. */
export const envRow = (scope: Page | Locator, ref: string) =>
  scope.getByRole('row').filter({ has: pageOf(scope).getByRole('rowheader').getByText(ref, { exact: true }) });

export const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name });

/** Focus is on some control of the page, never dropped to <body> (where a keyboard user starts over). */
export async function expectFocusKept(page: Page): Promise<void> {
  await expect.poll(() => page.evaluate(() => document.activeElement !== null && document.activeElement !== document.body)).toBe(true);
}

/** axe-core over the whole page (WCAG 2.x A/AA and best practices), in the page's current colour scheme. */
export async function expectNoAxeViolations(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const summary = results.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(summary, `axe on ${what}`).toEqual([]);
}

/** Saves a screenshot next to the test's results and attaches it to the report. */
export async function shot(page: Page, testInfo: { outputPath(name: string): string; attach(name: string, o: { path: string; contentType: string }): Promise<void> }, name: string) {
  const file = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path: file });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
}
