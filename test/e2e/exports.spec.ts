import { existsSync } from 'node:fs';
import { appendFile, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { TEAM, fakeTeamFactory, seedTeam } from './support/fake-team';
import { test, expect } from './support/fixtures';
import { exportRow, gitRepo, newExportDialog, openExports, projectDir } from './support/export-helpers';
import { envRow, expectFocusKept, nav, shot } from './support/page-helpers';

// A function given to test.use is taken as a fixture, so the factory is handed over by one.
test.use({ backendFactory: async ({}, use) => use(fakeTeamFactory) });
test.beforeEach(async ({ services }) => seedTeam(services));

test('an export into a git-ignored folder: TTL chips capped by the profile, 0600 on disk, listed with its created time', async ({ page, rendererUrl, dataDir, services, pageProblems }, testInfo) => {
  const repo = await gitRepo(dataDir, '.env\n');
  const target = path.join(repo, '.env');
  await openExports(page, rendererUrl);
  await expect(page.getByRole('region', { name: 'No active exports' })).toBeVisible();
  const opener = page.getByRole('button', { name: 'New export…' });
  const dialog = await newExportDialog(page);
  await expect(dialog.getByLabel('Environment')).toBeFocused();
  await expect(dialog.getByLabel('Environment')).toHaveValue(TEAM.granted);
  // The profile caps this environment at 1d: longer chips are not offered at all.
  const ttl = dialog.getByRole('group', { name: 'Expires after' });
  await expect(ttl.getByRole('radio')).toHaveCount(4);
  await expect(ttl).toContainText('At most 1d, as the team profile allows.');
  await expect(ttl.getByRole('radio', { name: '8h' })).toBeChecked();
  await ttl.getByText('1h', { exact: true }).click();
  await dialog.getByLabel('File path').fill(target);
  await dialog.getByRole('checkbox', { name: 'API_KEY' }).check();
  await dialog.getByRole('checkbox', { name: 'STRIPE_KEY' }).check();
  await dialog.getByRole('button', { name: 'Write export' }).click();
  await expect(dialog.getByRole('status')).toContainText(`Wrote ${target} with 2 keys. It expires in`);
  await expect(dialog.getByRole('button', { name: 'Done' })).toBeFocused();

  const content = await readFile(target, 'utf8');
  expect(content).toContain(`API_KEY=${TEAM.values.API_KEY}`);
  expect(content).not.toContain('DATABASE_PASSWORD');
  expect((await stat(target)).mode & 0o777).toBe(0o600);

  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(opener).toBeFocused();
  const row = exportRow(page.getByRole('region', { name: 'Active exports' }), target);
  await expect(row.getByRole('rowheader')).toHaveText(TEAM.granted);
  await expect(row.getByRole('cell').nth(0)).toContainText('.env · 2 keys');
  await expect(row.getByRole('cell').nth(1)).toHaveText('just now');
  await expect(row.getByRole('cell').nth(2)).toHaveText(/^(59m \d\ds|1h 00m)$/);
  // A plain browser page has no file manager to open.
  await expect(row.getByRole('button', { name: /in its folder/ })).toHaveCount(0);
  for (const value of Object.values(TEAM.values)) expect(await page.content()).not.toContain(value);
  await shot(page, testInfo, 'exports');
  expect((await services.audit.list()).map((e) => e.action)).toContain('export.create');
  expect(pageProblems).toEqual([]);
});

test('the git guard refuses a file git would not ignore; "Add /.env to .gitignore" appends that exact line and the export then goes through', async ({ page, rendererUrl, dataDir, services, pageProblems }, testInfo) => {
  const repo = await gitRepo(dataDir, 'node_modules/\n');
  const target = path.join(repo, '.env');
  await openExports(page, rendererUrl);
  const dialog = await newExportDialog(page);
  await dialog.getByLabel('File path').fill(target);
  await dialog.getByRole('button', { name: 'Write export' }).click();
  const alert = dialog.getByRole('alert');
  await expect(alert).toContainText('Not a safe place for secrets');
  await expect(alert.locator('.error-code')).toHaveText('UNSAFE_TARGET');
  await expect(alert).toContainText(`${target} is inside the git repository ${repo} and git does not ignore it`);
  expect(existsSync(target)).toBe(false);
  await shot(page, testInfo, 'exports-unsafe-target');

  await alert.getByRole('button', { name: 'Add /.env to .gitignore' }).click();
  await expect(dialog.getByRole('status')).toContainText(`Added /.env to ${path.join(repo, '.gitignore')}. Git now ignores the file`);
  await expect(dialog.getByRole('button', { name: 'Write export' })).toBeFocused();
  expect(await readFile(path.join(repo, '.gitignore'), 'utf8')).toBe('node_modules/\n/.env\n');
  expect((await services.audit.list()).filter((e) => e.action === 'gitignore.add').map((e) => [e.target, e.details.line])).toEqual([
    [path.join(repo, '.gitignore'), '/.env'],
  ]);

  await dialog.getByRole('button', { name: 'Write export' }).click();
  await expect(dialog.getByRole('status')).toContainText(`Wrote ${target}`);
  expect((await stat(target)).mode & 0o777).toBe(0o600);
  expect((await services.exports.list()).map((e) => [e.path, e.overrideUsed])).toEqual([[target, false]]);
  expect(pageProblems).toEqual([]);
});

test('extend: chips only within the max from creation; the expiry moves', async ({ page, rendererUrl, dataDir, services, pageProblems }) => {
  const target = path.join(await projectDir(dataDir), '.env');
  const created = await services.exports.create({ ref: TEAM.granted, path: target, ttl: '1h' });
  await openExports(page, rendererUrl);
  const row = exportRow(page, target);
  await row.getByRole('button', { name: `Extend ${target}` }).click();
  const extend = page.getByRole('group', { name: `Extend ${target}` });
  // 1d would end after the profile's 1d max counted from the creation: not offered.
  await expect(extend.getByRole('button')).toHaveText(['1h', '8h', 'Cancel']);
  await extend.getByRole('button', { name: '8h' }).click();
  await expect(extend).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: 'Extended' })).toContainText('Extended: it now ends');
  await expect(row.getByRole('button', { name: `Extend ${target}` })).toBeFocused();
  await expect(row.getByRole('cell').nth(2)).toHaveText(/^(7h 59m|8h 00m)$/);
  const [after] = await services.exports.list();
  expect(Date.parse(after!.expiresAt) - Date.parse(created.export.expiresAt)).toBeGreaterThan(6.9 * 3600_000);
  expect(await readFile(target, 'utf8')).toContain(`expires ${after!.expiresAt}.`);
  expect((await services.audit.list()).map((e) => e.action)).toContain('export.extend');
  expect(pageProblems).toEqual([]);
});

test('revoke asks first; an edited file is left in place and the screen says so', async ({ page, rendererUrl, dataDir, services, pageProblems }) => {
  const dir = await projectDir(dataDir);
  const kept = path.join(dir, '.env');
  const removed = path.join(dir, 'other.env');
  await services.exports.create({ ref: TEAM.granted, path: kept, ttl: '1h' });
  await services.exports.create({ ref: TEAM.granted, path: removed, ttl: '1h' });
  await appendFile(kept, 'MY_OWN_SETTING=kept\n');
  await openExports(page, rendererUrl);

  const revokeButton = exportRow(page, kept).getByRole('button', { name: `Revoke ${kept}` });
  await revokeButton.click();
  const confirm = page.getByRole('group', { name: `Confirm revoking ${kept}` });
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toHaveCount(0);
  await expect(revokeButton).toBeFocused();

  await revokeButton.click();
  await confirm.getByRole('button', { name: 'Revoke export' }).click();
  const notes = page.getByRole('region', { name: 'Ended exports' });
  await expect(notes).toContainText(`Revoked: ${TEAM.granted} (${kept}). ${kept} was edited after export, so Latchkey left it in place`);
  await expect(notes).toBeFocused();
  expect(existsSync(kept)).toBe(true);

  await exportRow(page, removed).getByRole('button', { name: `Revoke ${removed}` }).click();
  await page.getByRole('group', { name: `Confirm revoking ${removed}` }).getByRole('button', { name: 'Revoke export' }).click();
  await expect(notes).toContainText(`Revoked: ${TEAM.granted} (${removed}). The file was removed.`);
  expect(existsSync(removed)).toBe(false);
  await expect(page.getByRole('region', { name: 'No active exports' })).toBeVisible();
  await notes.getByRole('button', { name: `Dismiss the note about ${TEAM.granted}` }).first().click();
  await expectFocusKept(page);
  expect(pageProblems).toEqual([]);
});

test('an export whose time is up vanishes from the list and from disk, and the screen says the file was removed', async ({ page, rendererUrl, dataDir, services, pageProblems }) => {
  const target = path.join(await projectDir(dataDir), '.env');
  await services.exports.create({ ref: TEAM.granted, path: target, ttl: '3s' });
  await openExports(page, rendererUrl);
  await expect(exportRow(page, target)).toHaveCount(1);
  await expect(page.getByRole('region', { name: 'No active exports' })).toBeVisible({ timeout: 8_000 });
  expect(existsSync(target)).toBe(false);
  expect((await services.audit.list()).map((e) => e.action)).toContain('export.expire');
  await expect(page.getByRole('region', { name: 'Ended exports' })).toContainText(`Expired: ${TEAM.granted} (${target}). The file was removed.`);
  expect(pageProblems).toEqual([]);
});

test('an export ended outside the screen (CLI, sweeper) disappears on the exports:expired event', async ({ page, rendererUrl, dataDir, services, pageProblems }) => {
  const target = path.join(await projectDir(dataDir), '.env');
  const created = await services.exports.create({ ref: TEAM.granted, path: target, ttl: '1h' });
  await openExports(page, rendererUrl);
  await expect(exportRow(page, target)).toHaveCount(1);
  await services.exports.revoke(created.export.id);
  await expect(page.getByRole('region', { name: 'No active exports' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Ended exports' })).toContainText('Revoked');
  expect(pageProblems).toEqual([]);
});

test('in the desktop app: the system save dialog picks the file, and Show in folder names the export', async ({ page, rendererUrl, dataDir, bridge, services, pageProblems }) => {
  const target = path.join(await projectDir(dataDir), '.env');
  const asked: unknown[] = [];
  const shown: unknown[] = [];
  bridge.override('app:capabilities', () => ({ ok: true, value: { saveDialog: true, showInFolder: true, clipboard: true } }));
  bridge.override('dialog:saveExportPath', (payload) => (asked.push(payload), { ok: true, value: { path: target } }));
  bridge.override('exports:showInFolder', (payload) => (shown.push(payload), { ok: true, value: { shown: true } }));
  await page.goto(rendererUrl);
  // From the environment's drawer: the dialog is for that environment.
  await envRow(page, TEAM.granted).getByRole('button').click();
  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByRole('dialog', { name: `Export ${TEAM.granted}` });
  await expect(dialog.getByLabel('File path')).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Choose file…' }).click();
  await expect(dialog).toContainText(target);
  expect(asked).toEqual([{ ref: TEAM.granted, defaultName: '.env' }]);
  await dialog.getByRole('button', { name: 'Write export' }).click();
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByRole('button', { name: 'Export…' })).toBeFocused();

  await page.keyboard.press('Escape');
  await nav(page, 'Exports').click();
  await exportRow(page, target).getByRole('button', { name: 'Show .env in its folder' }).click();
  const [only] = await services.exports.list();
  expect(shown).toEqual([{ id: only!.id }]);
  expect(pageProblems).toEqual([]);
});

test('an error whose next step is another export (extend it) is a button that opens that export on the Exports screen', async ({ page, rendererUrl, dataDir, bridge, services, pageProblems }) => {
  const target = path.join(await projectDir(dataDir), '.env');
  const existing = await services.exports.create({ ref: TEAM.granted, path: target, ttl: '1h' });
  bridge.override('exports:create', () => ({
    ok: false,
    error: { code: 'CONFLICT', message: `${target} is already an active export of ${TEAM.granted}. Nothing was written.`, next: { action: 'extend-export', id: existing.export.id } },
  }));
  await page.goto(rendererUrl);
  await envRow(page, TEAM.granted).getByRole('button').click();
  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByRole('dialog', { name: `Export ${TEAM.granted}` });
  await dialog.getByLabel('File path').fill(target);
  await dialog.getByRole('button', { name: 'Write export' }).click();
  await expect(dialog.getByRole('alert')).toContainText('Already there');
  await dialog.getByRole('alert').getByRole('button', { name: 'Extend the export' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Exports');
  const extend = page.getByRole('group', { name: `Extend ${target}` });
  await expect(extend).toBeFocused();
  await expect(extend.getByRole('button', { name: '8h' })).toBeVisible();
  expect(pageProblems).toEqual([]);
});

test('"Export another" after a success starts over with focus in the form', async ({ page, rendererUrl, dataDir }) => {
  const dir = await projectDir(dataDir);
  await openExports(page, rendererUrl);
  const dialog = await newExportDialog(page);
  await dialog.getByLabel('File path').fill(path.join(dir, '.env'));
  await dialog.getByRole('button', { name: 'Write export' }).click();
  await dialog.getByRole('button', { name: 'Export another' }).click();
  await expect(dialog.getByLabel('File path')).toHaveValue('');
  await expectFocusKept(page);
  await expect(dialog.getByLabel('Environment')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'New export…' })).toBeFocused();
});

test('the export dialog opened before the catalog answered: it says it is looking, then focus lands on the environment', async ({ page, rendererUrl, bridge, services }) => {
  // A slow first catalog answer: the dialog opens while main is still asking the backends.
  let delay = true;
  bridge.override('catalog:list', async (payload) => {
    if (delay) await new Promise((resolve) => setTimeout(resolve, 1_500));
    return services.dispatch('catalog:list', payload);
  });
  await page.goto(rendererUrl);
  await nav(page, 'Exports').click();
  const dialog = await newExportDialog(page);
  await expect(dialog.getByText('Finding the environments you can export…')).toBeVisible();
  await expect(dialog).not.toContainText('You have no granted environment yet');
  delay = false;
  await expect(dialog.getByLabel('Environment')).toBeFocused();
});
