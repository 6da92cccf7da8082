import type { Locator, Page } from '@playwright/test';
import { TEAM, fakeTeamFactory, seedTeam } from './support/fake-team';
import { test, expect } from './support/fixtures';

/** The table row whose header cell is exactly `ref`. */
const envRow = (scope: Locator, ref: string) =>
  scope.getByRole('row').filter({ has: scope.page().getByRole('rowheader', { name: ref, exact: true }) });
const backendCard = (page: Page, name: string) => page.getByRole('region', { name, exact: true });

async function expectNoValueOnPage(page: Page) {
  const html = await page.content();
  for (const value of Object.values(TEAM.values)) expect(html).not.toContain(value);
}

test.describe('environments', () => {
  // A function given to test.use is taken as a fixture, so the factory is handed over by one.
  test.use({ backendFactory: async ({}, use) => use(fakeTeamFactory) });
  test.beforeEach(async ({ services }) => seedTeam(services));

  test('lists each backend with every access level, source and the fix for a signed-out backend', async ({ page, rendererUrl, pageProblems }, testInfo) => {
    await page.goto(rendererUrl);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Environments');
    await expect(page.getByText('the acme team uses')).toBeVisible();

    const vault = backendCard(page, TEAM.vault);
    await expect(vault).toContainText('Vault / OpenBao · 1 of 4 granted');
    for (const [ref, access, source] of [
      [TEAM.granted, 'Granted', 'Profile'],
      [TEAM.requestable, 'Requestable', 'Profile'],
      [TEAM.denied, 'Denied', 'Profile'],
      [TEAM.discovered, 'Denied', 'Discovered'],
    ] as const) {
      const row = envRow(vault, ref);
      await expect(row.getByRole('cell').nth(2)).toHaveText(new RegExp(`^${access}`));
      await expect(row.getByRole('cell').nth(3)).toHaveText(source);
      await expect(row.getByRole('cell').nth(1)).toHaveText('Vault');
    }
    await expect(envRow(vault, TEAM.requestable)).toContainText('Approvers: lead@acme.test');
    // Only a granted environment offers its secrets.
    await expect(envRow(vault, TEAM.granted).getByRole('button', { name: `Secrets of ${TEAM.granted}` })).toBeVisible();
    await expect(envRow(vault, TEAM.denied).getByRole('button')).toHaveCount(0);
    await expect(vault.getByRole('status')).toHaveCount(0);

    const doppler = backendCard(page, TEAM.doppler);
    await expect(doppler.getByRole('status')).toContainText('You are not signed in to acme-doppler (Doppler).');
    await expect(doppler.getByRole('status')).toContainText('Run latchkey login acme-doppler, then press Refresh.');
    await expect(envRow(doppler, TEAM.signedOut).getByRole('cell').nth(2)).toHaveText(/^Requestable/);

    const shot = testInfo.outputPath('environments.png');
    await page.screenshot({ path: shot, fullPage: true });
    await testInfo.attach('environments', { path: shot, contentType: 'image/png' });

    // The profile has a role: narrowing to it asks main for that role's environments only.
    await page.getByLabel('Role').selectOption(TEAM.role);
    await expect(page.getByRole('rowheader')).toHaveText([TEAM.granted, TEAM.requestable]);
    await page.getByLabel('Role').selectOption('');
    await expect(page.getByRole('rowheader')).toHaveCount(5);
    expect(pageProblems).toEqual([]);
  });

  test('describe shows names, versions, ages and staleness; a value appears only after Reveal, audited', async ({ page, rendererUrl, services, pageProblems }, testInfo) => {
    await page.clock.install();
    await page.goto(rendererUrl);
    await page.getByRole('button', { name: `Secrets of ${TEAM.granted}` }).click();
    const panel = page.getByRole('region', { name: `Secrets of ${TEAM.granted}` });
    await expect(panel.getByRole('rowheader')).toHaveText(['API_KEY', 'DATABASE_PASSWORD', 'STRIPE_KEY']);
    await expect(envRow(panel, 'API_KEY').getByRole('cell')).toHaveText(['4', '3 days', 'Current', 'Reveal']);
    await expect(envRow(panel, 'DATABASE_PASSWORD').getByRole('cell').nth(0)).toHaveText('1');
    await expect(envRow(panel, 'DATABASE_PASSWORD')).toContainText('420 days');
    await expect(envRow(panel, 'DATABASE_PASSWORD')).toContainText('Stale');
    await expect(panel).toContainText('1 key has not changed in over a year.');
    await expectNoValueOnPage(page);
    expect((await services.audit.list()).filter((e) => e.action === 'secret.reveal')).toEqual([]);

    // Reveal: one audited call, shown masked until asked.
    await panel.getByRole('button', { name: 'Reveal API_KEY' }).click();
    const value = panel.getByRole('group', { name: 'Value of API_KEY' });
    await expect(value).toContainText('••••');
    await expectNoValueOnPage(page);
    const reveals = (await services.audit.list()).filter((e) => e.action === 'secret.reveal');
    expect(reveals.map((e) => [e.target, e.outcome, e.details.key])).toEqual([[TEAM.granted, 'ok', 'API_KEY']]);

    await value.getByRole('button', { name: 'Show' }).click();
    await expect(value.locator('code')).toHaveText(TEAM.values.API_KEY);
    // Only the key that was revealed: the others stay in main.
    expect(await page.content()).not.toContain(TEAM.values.STRIPE_KEY);
    const shot = testInfo.outputPath('environments-reveal.png');
    await page.screenshot({ path: shot, fullPage: true });
    await testInfo.attach('environments-reveal', { path: shot, contentType: 'image/png' });

    await value.getByRole('button', { name: 'Hide' }).click();
    await expect(value).toHaveCount(0);
    await expectNoValueOnPage(page);

    // Left alone, a shown value hides itself after 30 s.
    await panel.getByRole('button', { name: 'Reveal STRIPE_KEY' }).click();
    const stripe = panel.getByRole('group', { name: 'Value of STRIPE_KEY' });
    await stripe.getByRole('button', { name: 'Show' }).click();
    await expect(stripe.locator('code')).toHaveText(TEAM.values.STRIPE_KEY);
    await page.clock.fastForward(29_000);
    await expect(stripe).toBeVisible();
    await page.clock.fastForward(1_500);
    await expect(stripe).toHaveCount(0);
    await expectNoValueOnPage(page);
    expect((await services.audit.list()).filter((e) => e.action === 'secret.reveal')).toHaveLength(2);
    expect(pageProblems).toEqual([]);
  });

  test('a failed describe shows code, message and hint', async ({ page, rendererUrl, bridge, pageProblems }, testInfo) => {
    bridge.override('secrets:describe', () => ({
      ok: false,
      error: { code: 'SEALED', message: 'Vault at http://127.0.0.1:1 is sealed.', hint: 'Ask an operator to unseal it, then retry.' },
    }));
    await page.goto(rendererUrl);
    await page.getByRole('button', { name: `Secrets of ${TEAM.granted}` }).click();
    const alert = page.getByRole('region', { name: `Secrets of ${TEAM.granted}` }).getByRole('alert');
    await expect(alert).toContainText('SEALED');
    await expect(alert).toContainText('Vault at http://127.0.0.1:1 is sealed.');
    await expect(alert).toContainText('Ask an operator to unseal it, then retry.');
    const shot = testInfo.outputPath('environments-error.png');
    await page.screenshot({ path: shot, fullPage: true });
    await testInfo.attach('environments-error', { path: shot, contentType: 'image/png' });
    expect(pageProblems).toEqual([]);
  });
});

test.describe('environments, first day', () => {
  test('the empty state tells a new hire the two commands to run', async ({ page, rendererUrl, pageProblems }, testInfo) => {
    await page.goto(rendererUrl);
    const empty = page.getByRole('region', { name: 'No environments yet' });
    await expect(empty).toContainText('latchkey profile import <file>');
    await expect(empty).toContainText('latchkey login <backend>');
    await expect(page.getByLabel('Role')).toHaveCount(0);
    const shot = testInfo.outputPath('environments-empty.png');
    await page.screenshot({ path: shot, fullPage: true });
    await testInfo.attach('environments-empty', { path: shot, contentType: 'image/png' });
    expect(pageProblems).toEqual([]);
  });
});
