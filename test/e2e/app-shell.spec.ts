import { readFileSync } from 'node:fs';
import { BRIDGE_KEYS } from '../support/bridge-surface';
import type { Page } from '@playwright/test';
import { test, expect } from './support/fixtures';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

/** The value cell (<dd>) of a Settings fact, found by the exact text of its term (<dt>). */
const fact = (page: Page, term: string) =>
  page
    .locator('.fact')
    .filter({ has: page.getByRole('term').getByText(term, { exact: true }) })
    .getByRole('definition');

test.describe('app shell', () => {
  test('settings shows app:info and identity:status from the real services', async ({ page, rendererUrl, dataDir, services, pageProblems }, testInfo) => {
    await page.goto(rendererUrl);
    const nav = page.getByRole('navigation', { name: 'Main' });
    // Nothing is set up in a fresh data dir: the app opens on Day one (the welcome flow).
    await expect(nav.getByRole('button', { name: 'Day one' })).toHaveAttribute('aria-current', 'page');

    await nav.getByRole('button', { name: 'Settings' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
    await expect(nav.getByRole('button', { name: 'Settings' })).toHaveAttribute('aria-current', 'page');

    await expect(fact(page, 'Version')).toHaveText(pkg.version);
    await expect(fact(page, 'Data directory')).toHaveText(dataDir);
    await expect(fact(page, 'Platform')).toHaveText(`${process.platform}-${process.arch}`);

    // Whatever the keychain said, the screen shows the same status and its detail.
    const info = await services.appInfo();
    const storage = fact(page, 'Key storage');
    await expect(storage).toContainText({ keychain: 'OS keychain', passphrase: 'Passphrase store', unavailable: 'Unavailable' }[info.keychain.backend]);
    await expect(storage).toContainText(info.keychain.detail);

    const identity = await services.identity.status();
    if (identity.fingerprint) {
      await expect(fact(page, 'Device key')).toHaveText('Present');
      await expect(fact(page, 'Fingerprint')).toHaveText(identity.fingerprint);
      expect(identity.fingerprint).toMatch(/^[0-9a-f]{4}(:[0-9a-f]{4}){7}$/);
    } else {
      await expect(fact(page, 'Device key')).toHaveText('Not created yet');
    }

    const shot = testInfo.outputPath('settings.png');
    await page.screenshot({ path: shot, fullPage: true });
    await testInfo.attach('settings', { path: shot, contentType: 'image/png' });
    expect(pageProblems).toEqual([]);
  });

  test('each screen has one heading and an honest empty state', async ({ page, rendererUrl, pageProblems }) => {
    await page.goto(rendererUrl);
    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const [name, empty] of [
      ['Environments', 'No environments yet'],
      ['Requests', 'No access requests'],
      ['Exports', 'No active exports'],
    ] as const) {
      await nav.getByRole('button', { name }).click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
      await expect(page.getByRole('region', { name: empty })).toBeVisible();
    }
    await expect(page.getByRole('main')).toBeVisible();
    expect(pageProblems).toEqual([]);
  });

  test('the built page carries the strict CSP and no inline script', async ({ page, rendererUrl }) => {
    const html = await (await page.request.get(rendererUrl)).text();
    expect(html).toContain(`script-src 'self';`);
    expect(html).toContain(`default-src 'none';`);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style[\s>]/);
  });

  test('the bridge runs the real validation: a bad payload comes back as BAD_REQUEST', async ({ page, rendererUrl }) => {
    await page.goto(rendererUrl);
    const result = await page.evaluate(() => window.latchkey!.appInfo({ unexpected: true } as never));
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    if (!result.ok) expect(result.error.message).toContain('app:info');

    // The committed surface (test/support/bridge-surface.ts), not the contract the bridge is built from.
    const shape = await page.evaluate(() => ({
      keys: Object.keys(window.latchkey!).sort(),
      frozen: Object.isFrozen(window.latchkey),
    }));
    expect(shape).toEqual({ keys: BRIDGE_KEYS, frozen: true });
    expect(shape.keys).not.toContain('invoke');
  });

  test('an error Result renders as code, message and hint', async ({ page, rendererUrl, bridge, pageProblems }, testInfo) => {
    bridge.override('identity:status', () => ({
      ok: false,
      error: {
        code: 'KEYCHAIN_UNAVAILABLE',
        message: 'The OS keychain is not available: fake-dbus-error-for-test.',
        hint: 'Start your desktop keyring, then try again.',
      },
    }));
    await page.goto(rendererUrl);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();

    const alert = page.getByRole('alert');
    await expect(alert).toContainText('KEYCHAIN_UNAVAILABLE');
    await expect(alert).toContainText('The OS keychain is not available: fake-dbus-error-for-test.');
    await expect(alert).toContainText('Start your desktop keyring, then try again.');
    // The other section still works: one failed call does not take the screen down.
    await expect(fact(page, 'Version')).toHaveText(pkg.version);
    const shot = testInfo.outputPath('settings-error.png');
    await page.screenshot({ path: shot, fullPage: true });
    await testInfo.attach('settings-error', { path: shot, contentType: 'image/png' });

    // Retry goes back to the real services once the fault is gone.
    bridge.clear('identity:status');
    await alert.getByRole('button', { name: 'Try again' }).click();
    await expect(page.getByRole('alert')).toHaveCount(0);
    await expect(fact(page, 'Device key')).toBeVisible();
    expect(pageProblems).toEqual([]);
  });
});
