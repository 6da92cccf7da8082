import type { Page } from '@playwright/test';
import { TEAM, fakeTeamFactory, seedTeam } from './support/fake-team';
import { test, expect } from './support/fixtures';
import { envRow, expectFocusKept, shot } from './support/page-helpers';

async function expectNoValueOnPage(page: Page) {
  const html = await page.content();
  for (const value of Object.values(TEAM.values)) expect(html).not.toContain(value);
}

const list = (page: Page) => page.getByRole('table', { name: 'Environments' });
const search = (page: Page) => page.getByRole('searchbox', { name: 'Search environments' });

test.describe('environments', () => {
  // A function given to test.use is taken as a fixture, so the factory is handed over by one.
  test.use({ backendFactory: async ({}, use) => use(fakeTeamFactory) });
  test.beforeEach(async ({ services }) => seedTeam(services));

  test('one list for every backend; a signed-out backend is a grey Unknown with its reason, never Denied', async ({ page, rendererUrl, pageProblems }, testInfo) => {
    await page.goto(rendererUrl);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Environments');
    await expect(page.getByText('the acme team uses')).toBeVisible();
    await expect(list(page).getByRole('rowheader')).toHaveText([TEAM.granted, TEAM.requestable, TEAM.denied, TEAM.discovered, TEAM.signedOut].map((r) => new RegExp(`^${r.replace('/', '\\/')}`)));
    for (const [ref, access, action] of [
      [TEAM.granted, 'Granted', 'Open'],
      [TEAM.requestable, 'Requestable', 'Details'],
      [TEAM.denied, 'Denied', 'Details'],
      [TEAM.discovered, 'Denied', 'Details'],
      [TEAM.signedOut, 'Unknown', 'Details'],
    ] as const) {
      const row = envRow(page, ref);
      await expect(row.getByRole('cell').nth(1)).toHaveText(access);
      await expect(row.getByRole('button', { name: `${action} ${ref}` })).toBeVisible();
    }
    await expect(envRow(page, TEAM.discovered).getByRole('rowheader')).toContainText('search · qa · discovered');
    // Unknown says why, in the row and on the badge; the backend's notice says what to do.
    const unknown = envRow(page, TEAM.signedOut);
    await expect(unknown.getByRole('rowheader')).toContainText('You are not signed in to acme-doppler (Doppler).');
    await expect(unknown.getByText('Unknown', { exact: true })).toHaveAttribute('title', 'You are not signed in to acme-doppler (Doppler).');
    await expect(unknown.getByText('Unknown', { exact: true })).toHaveClass(/badge-neutral/);
    // The notice comes from the status model, with its next step as a button: sign in right here.
    const notice = page.getByRole('status', { name: 'Problem with acme-doppler' });
    await expect(notice).toContainText('acme-doppler: You are not signed in to acme-doppler.');
    await expect(notice).not.toContainText('latchkey login');
    await expect(page.getByRole('status', { name: 'Problem with acme-vault' })).toHaveCount(0);
    await notice.getByRole('button', { name: 'Sign in' }).click();
    await expect(notice.getByRole('form', { name: 'Sign in to acme-doppler' }).getByLabel('Doppler token (personal or service account)')).toBeFocused();
    await shot(page, testInfo, 'environments');
    expect(pageProblems).toEqual([]);
  });

  test('search (Ctrl-K, Escape clears), access and backend chips, and the role narrow the list', async ({ page, rendererUrl, pageProblems }) => {
    await page.goto(rendererUrl);
    await expect(list(page).getByRole('rowheader')).toHaveCount(5);
    await page.getByRole('heading', { level: 1 }).click();
    await page.keyboard.press('Control+k');
    await expect(search(page)).toBeFocused();
    await page.keyboard.type('payments');
    await expect(list(page).getByRole('rowheader')).toHaveCount(3);
    await expect(page.getByRole('status').filter({ hasText: 'Showing' })).toHaveText('Showing 3 of 5 environments');
    await page.keyboard.type(' PROD');
    await expect(list(page).getByRole('rowheader')).toHaveText([new RegExp(`^${TEAM.denied}`)]);
    await page.keyboard.press('Escape');
    await expect(search(page)).toHaveValue('');
    await expect(list(page).getByRole('rowheader')).toHaveCount(5);

    const access = page.getByRole('group', { name: 'Access' });
    await expect(access.getByRole('button')).toHaveText(['Granted1', 'Requestable1', 'Denied2', 'Unknown1']);
    await access.getByRole('button', { name: /^Denied/ }).click();
    await expect(access.getByRole('button', { name: /^Denied/ })).toHaveAttribute('aria-pressed', 'true');
    await expect(list(page).getByRole('rowheader')).toHaveCount(2);
    await access.getByRole('button', { name: /^Unknown/ }).click();
    await expect(list(page).getByRole('rowheader')).toHaveCount(3);
    await page.getByRole('group', { name: 'Backend' }).getByRole('button', { name: /^acme-doppler/ }).click();
    await expect(list(page).getByRole('rowheader')).toHaveText([new RegExp(`^${TEAM.signedOut}`)]);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect(list(page).getByRole('rowheader')).toHaveCount(5);
    await expectFocusKept(page);

    await page.getByLabel('Role').selectOption(TEAM.role);
    await expect(list(page).getByRole('rowheader')).toHaveText([new RegExp(`^${TEAM.granted}`), new RegExp(`^${TEAM.requestable}`)]);
    await page.getByLabel('Role').selectOption('');
    await expect(list(page).getByRole('rowheader')).toHaveCount(5);
    expect(pageProblems).toEqual([]);
  });

  test('at 800 px wide, every row still shows its access and its action', async ({ page, rendererUrl }) => {
    await page.setViewportSize({ width: 800, height: 700 });
    await page.goto(rendererUrl);
    for (const ref of [TEAM.granted, TEAM.signedOut]) {
      const row = envRow(page, ref);
      for (const part of [row.getByRole('cell').nth(1), row.getByRole('button')]) {
        const box = (await part.boundingBox())!;
        expect(box.x + box.width).toBeLessThanOrEqual(800);
        await expect(part).toBeInViewport();
      }
    }
  });

  test('the drawer: facts, Run… copies the command; Escape closes it and focus returns to the row', async ({ page, context, rendererUrl, pageProblems }, testInfo) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto(rendererUrl);
    const opener = envRow(page, TEAM.granted).getByRole('button', { name: `Open ${TEAM.granted}` });
    await opener.click();
    const drawer = page.getByRole('dialog', { name: `Details of ${TEAM.granted}` });
    await expect(drawer.getByRole('heading', { level: 2 })).toBeFocused();
    await expect(opener).toHaveAttribute('aria-expanded', 'true');
    await expect(drawer).toContainText('acme-vault · Vault / OpenBao');
    await expect(drawer.getByRole('list', { name: `Keys of ${TEAM.granted}` }).getByRole('listitem')).toHaveCount(3);
    await expect(drawer.getByRole('button', { name: 'Request access' })).toHaveCount(0); // granted: nothing to ask for
    await drawer.getByRole('button', { name: 'Run…' }).click();
    await drawer.getByLabel('Your command').fill('npm test -- --watch');
    await drawer.getByRole('button', { name: 'Copy command' }).click();
    await expect(drawer.getByRole('status').filter({ hasText: 'Copied the command' })).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`latchkey run ${TEAM.granted} -- npm test -- --watch`);
    await shot(page, testInfo, 'environment-drawer');

    await page.keyboard.press('Escape');
    await expect(drawer).toHaveCount(0);
    await expect(opener).toBeFocused();

    // Another row's drawer for an environment you cannot read: why, and no keys.
    await envRow(page, TEAM.signedOut).getByRole('button').click();
    const unknown = page.getByRole('dialog', { name: `Details of ${TEAM.signedOut}` });
    await expect(unknown).toContainText('Latchkey could not ask this backend');
    await expect(unknown).toContainText('web-lead@acme.test');
    await unknown.getByRole('button', { name: `Close Details of ${TEAM.signedOut}` }).click();
    await expect(envRow(page, TEAM.signedOut).getByRole('button')).toBeFocused();
    expect(pageProblems).toEqual([]);
  });

  test('the drawer: key search, reveal one key (masked, audited), copy it and the clipboard clears after 30 s', async ({ page, context, rendererUrl, services, pageProblems }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.clock.install();
    await page.goto(rendererUrl);
    await envRow(page, TEAM.granted).getByRole('button').click();
    const drawer = page.getByRole('dialog', { name: `Details of ${TEAM.granted}` });
    const keys = drawer.getByRole('list', { name: `Keys of ${TEAM.granted}` });
    await expect(keys.getByRole('listitem')).toHaveCount(3);
    await expect(keys.getByRole('listitem').filter({ hasText: 'API_KEY' })).toContainText('v4 · 3 days');
    await expect(keys.getByRole('listitem').filter({ hasText: 'DATABASE_PASSWORD' })).toContainText('420 days');
    await expect(keys.getByRole('listitem').filter({ hasText: 'DATABASE_PASSWORD' })).toContainText('Stale');
    await drawer.getByRole('searchbox', { name: 'Filter keys' }).fill('stripe');
    await expect(keys.getByRole('listitem')).toHaveText([/^STRIPE_KEY/]);
    await drawer.getByRole('searchbox', { name: 'Filter keys' }).fill('');
    await expectNoValueOnPage(page);
    const audited = async () => (await services.audit.list()).filter((e) => e.action === 'secret.reveal').map((e) => e.details.key);
    expect(await audited()).toEqual([]);

    await drawer.getByRole('button', { name: 'Reveal API_KEY' }).click();
    const value = drawer.getByRole('group', { name: 'Value of API_KEY' });
    await expect(value).toContainText('••••');
    await expectNoValueOnPage(page);
    expect(await audited()).toEqual(['API_KEY']);
    await value.getByRole('button', { name: 'Show' }).click();
    await expect(value.locator('code')).toHaveText(TEAM.values.API_KEY);
    expect(await page.content()).not.toContain(TEAM.values.STRIPE_KEY);
    await value.getByRole('button', { name: 'Hide' }).click();
    await expect(value).toHaveCount(0);
    await expect(drawer.getByRole('button', { name: 'Reveal API_KEY' })).toBeFocused();
    await expectNoValueOnPage(page);

    // Copy: one audited read, straight to the clipboard; cleared 30 s later because it still holds it.
    await drawer.getByRole('button', { name: 'Copy STRIPE_KEY' }).click();
    await expect(drawer.getByRole('status').filter({ hasText: 'Copied STRIPE_KEY' })).toContainText('cleared in 30 s');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(TEAM.values.STRIPE_KEY);
    await expectNoValueOnPage(page);
    expect(await audited()).toEqual(['API_KEY', 'STRIPE_KEY']);
    await page.clock.fastForward(29_000);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(TEAM.values.STRIPE_KEY);
    await page.clock.fastForward(1_500);
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe('');

    // What the user copied afterwards is theirs: not cleared.
    await drawer.getByRole('button', { name: 'Copy API_KEY' }).click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(TEAM.values.API_KEY);
    await page.evaluate(() => navigator.clipboard.writeText('my own notes'));
    await page.clock.fastForward(31_000);
    await page.waitForTimeout(100);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('my own notes');
    await expectFocusKept(page);
    expect(pageProblems).toEqual([]);
  });

  test('in the desktop app, Copy asks main (the value never reaches the page); cached age is shown when main sends it', async ({ page, rendererUrl, bridge, pageProblems }) => {
    const copies: unknown[] = [];
    bridge.override('app:capabilities', () => ({ ok: true, value: { saveDialog: true, showInFolder: true, clipboard: true } }));
    bridge.override('secrets:copy', (payload) => (copies.push(payload), { ok: true, value: { ...(payload as object), clearAfterSeconds: 30 } }));
    const readAt = new Date(Date.now() - 4 * 60_000).toISOString();
    bridge.override('secrets:describe', () => ({
      ok: true,
      value: { ref: TEAM.granted, secrets: [{ key: 'API_KEY', version: 4, createdAt: null, updatedAt: null, ageDays: 3, stale: false }], readAt, cachedUntil: new Date(Date.now() + 11 * 60_000).toISOString() },
    }));
    await page.goto(rendererUrl);
    await envRow(page, TEAM.granted).getByRole('button').click();
    const drawer = page.getByRole('dialog', { name: `Details of ${TEAM.granted}` });
    await expect(drawer).toContainText('Read from the backend 4 min ago; Latchkey keeps it in memory until');
    await drawer.getByRole('button', { name: 'Copy API_KEY' }).click();
    await expect(drawer.getByRole('status').filter({ hasText: 'Copied API_KEY' })).toBeVisible();
    expect(copies).toEqual([{ ref: TEAM.granted, key: 'API_KEY' }]);
    await expectNoValueOnPage(page);
    expect(pageProblems).toEqual([]);
  });

  test('a failed describe shows a plain title, message, hint and the code', async ({ page, rendererUrl, bridge, pageProblems }) => {
    bridge.override('secrets:describe', () => ({
      ok: false,
      error: { code: 'SEALED', message: 'Vault at http://127.0.0.1:1 is sealed.', hint: 'Ask an operator to unseal it, then retry.' },
    }));
    await page.goto(rendererUrl);
    await envRow(page, TEAM.granted).getByRole('button').click();
    const alert = page.getByRole('dialog', { name: `Details of ${TEAM.granted}` }).getByRole('alert');
    await expect(alert).toContainText('Vault is sealed');
    await expect(alert.locator('.error-code')).toHaveText('SEALED');
    await expect(alert).toContainText('Vault at http://127.0.0.1:1 is sealed.');
    await expect(alert).toContainText('Ask an operator to unseal it, then retry.');
    expect(pageProblems).toEqual([]);
  });
});

test.describe('environments, first day', () => {
  test('the empty state sends a new hire to the welcome flow, not to a terminal', async ({ page, rendererUrl, pageProblems }) => {
    await page.goto(rendererUrl);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome to Latchkey');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Environments' }).click();
    const empty = page.getByRole('region', { name: 'No environments yet' });
    await expect(empty).toContainText('Import the team profile your lead sent you.');
    await expect(empty).not.toContainText('latchkey');
    await expect(page.getByLabel('Role')).toHaveCount(0);
    await empty.getByRole('button', { name: 'Get started' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome to Latchkey');
    expect(pageProblems).toEqual([]);
  });
});
