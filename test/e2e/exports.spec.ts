import type { Locator, Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { TEAM, fakeTeamFactory, seedTeam } from './support/fake-team';
import { test, expect } from './support/fixtures';

// A function given to test.use is taken as a fixture, so the factory is handed over by one.
test.use({ backendFactory: async ({}, use) => use(fakeTeamFactory) });
test.beforeEach(async ({ services }) => seedTeam(services));

const exportRow = (scope: Locator, file: string) => scope.getByRole('row').filter({ has: scope.page().getByText(file, { exact: true }) });

async function openExports(page: Page, rendererUrl: string) {
  await page.goto(rendererUrl);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Exports' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Exports');
}

const projects: string[] = [];
test.afterEach(async () => void (await Promise.all(projects.splice(0).map((dir) => rm(dir, { recursive: true, force: true })))));

/** A project folder beside the temp data dir: outside any git repository, and outside the data dir (Latchkey never writes inside it). */
async function projectDir(dataDir: string, name = 'project'): Promise<string> {
  const dir = `${dataDir}-${name}`;
  await mkdir(dir, { recursive: true });
  projects.push(dir);
  return dir;
}

test('creates an export from the form, counts down live, and revokes it after a confirm', async ({ page, rendererUrl, dataDir, services, pageProblems }, testInfo) => {
  const dir = await projectDir(dataDir);
  const target = path.join(dir, '.env');
  await openExports(page, rendererUrl);
  await expect(page.getByRole('region', { name: 'No active exports' })).toBeVisible();

  const form = page.getByRole('form', { name: 'New export' });
  await expect(form.getByLabel('Environment')).toHaveValue(TEAM.granted);
  await form.getByLabel('File path').fill(target);
  await form.getByRole('checkbox', { name: 'API_KEY' }).check();
  await form.getByRole('checkbox', { name: 'STRIPE_KEY' }).check();
  await form.getByLabel('Expires after').fill('2h');
  await form.getByRole('button', { name: 'Write export' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Wrote' })).toContainText(`Wrote ${target} with 2 keys. It expires in`);

  // The file is real, private and scoped to the two keys.
  const content = await readFile(target, 'utf8');
  expect(content).toContain(`API_KEY=${TEAM.values.API_KEY}`);
  expect(content).toContain('STRIPE_KEY=');
  expect(content).not.toContain('DATABASE_PASSWORD');
  expect((await stat(target)).mode & 0o777).toBe(0o600);

  const list = page.getByRole('region', { name: 'Active exports' });
  const row = exportRow(list, target);
  await expect(row.getByRole('rowheader')).toHaveText(TEAM.granted);
  await expect(row.getByRole('cell').nth(1)).toHaveText('.env');
  await expect(row.getByRole('cell').nth(2)).toHaveText('2 keys');
  await expect(row.getByRole('cell').nth(3)).toHaveText(/^(1h 59m|2h 00m)$/);

  // A short one shows its seconds ticking down without a reload.
  const short = path.join(dir, 'short.json');
  await services.exports.create({ ref: TEAM.granted, path: short, format: 'json', ttl: '10m' });
  await page.reload();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Exports' }).click();
  const shortLeft = exportRow(list, short).getByRole('cell').nth(3);
  await expect(shortLeft).toHaveText(/^9m \d\ds$/);
  const first = await shortLeft.textContent();
  await expect(shortLeft).not.toHaveText(first!, { timeout: 3_000 });
  await expect(exportRow(list, short).getByRole('cell').nth(1)).toHaveText('JSON');
  await expect(exportRow(list, short).getByRole('cell').nth(2)).toHaveText('3 keys');
  for (const value of Object.values(TEAM.values)) expect(await page.content()).not.toContain(value);

  const shot = testInfo.outputPath('exports.png');
  await page.screenshot({ path: shot, fullPage: true });
  await testInfo.attach('exports', { path: shot, contentType: 'image/png' });

  // Revoke asks first; Cancel changes nothing.
  await row.getByRole('button', { name: `Revoke ${target}` }).click();
  const confirm = page.getByRole('group', { name: `Confirm revoking ${target}` });
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toHaveCount(0);
  expect(existsSync(target)).toBe(true);

  await row.getByRole('button', { name: `Revoke ${target}` }).click();
  const shotConfirm = testInfo.outputPath('exports-revoke-confirm.png');
  await page.screenshot({ path: shotConfirm, fullPage: true });
  await testInfo.attach('exports-revoke-confirm', { path: shotConfirm, contentType: 'image/png' });
  await confirm.getByRole('button', { name: 'Revoke export' }).click();
  await expect(row).toHaveCount(0);
  await expect(exportRow(list, short)).toHaveCount(1);
  expect(existsSync(target)).toBe(false);
  expect((await services.exports.list()).map((e) => e.path)).toEqual([short]);
  const audit = (await services.catalog.audit.list()).map((e) => e.action);
  expect(audit).toEqual(expect.arrayContaining(['export.create', 'export.revoke']));
  expect(pageProblems).toEqual([]);
});

test('an export ended outside the screen disappears on the exports:expired event', async ({ page, rendererUrl, dataDir, services, pageProblems }) => {
  const target = path.join(await projectDir(dataDir), '.env');
  const created = await services.exports.create({ ref: TEAM.granted, path: target, ttl: '1h' });
  await openExports(page, rendererUrl);
  const list = page.getByRole('region', { name: 'Active exports' });
  await expect(exportRow(list, target)).toHaveCount(1);

  // Ended by the main process (the CLI, the sweeper): no click, no reload — the event refreshes the list.
  await services.exports.revoke(created.export.id);
  await expect(page.getByRole('region', { name: 'No active exports' })).toBeVisible();
  expect(pageProblems).toEqual([]);
});

test('an export whose time is up leaves the list and its file is removed', async ({ page, rendererUrl, dataDir, services, pageProblems }) => {
  const target = path.join(await projectDir(dataDir), '.env');
  await services.exports.create({ ref: TEAM.granted, path: target, ttl: '3s' });
  await openExports(page, rendererUrl);
  await expect(exportRow(page.getByRole('region', { name: 'Active exports' }), target)).toHaveCount(1);
  await expect(page.getByRole('region', { name: 'No active exports' })).toBeVisible({ timeout: 8_000 });
  expect(existsSync(target)).toBe(false);
  expect(pageProblems).toEqual([]);
});

test('writing into a git repository that does not ignore the file shows UNSAFE_TARGET with its hint', async ({ page, rendererUrl, dataDir, services, pageProblems }, testInfo) => {
  const repo = await projectDir(dataDir, 'repo');
  execFileSync('git', ['init', '-q', repo]);
  const target = path.join(repo, '.env.local');
  await openExports(page, rendererUrl);
  const form = page.getByRole('form', { name: 'New export' });
  await form.getByLabel('File path').fill(target);
  await form.getByRole('button', { name: 'Write export' }).click();

  const alert = page.getByRole('alert');
  await expect(alert).toContainText('UNSAFE_TARGET');
  await expect(alert).toContainText(`${target} is inside the git repository ${repo} and git does not ignore it`);
  await expect(alert).toContainText(`Add this line to ${path.join(repo, '.gitignore')}:`);
  expect(existsSync(target)).toBe(false);
  const shot = testInfo.outputPath('exports-unsafe-target.png');
  await page.screenshot({ path: shot, fullPage: true });
  await testInfo.attach('exports-unsafe-target', { path: shot, contentType: 'image/png' });

  // The explicit override is offered only now, and is recorded.
  await form.getByRole('checkbox', { name: /Write it anyway/ }).check();
  await form.getByRole('button', { name: 'Write export' }).click();
  const row = exportRow(page.getByRole('region', { name: 'Active exports' }), target);
  await expect(row).toContainText('Written although git does not ignore it');
  expect(existsSync(target)).toBe(true);
  expect((await services.catalog.audit.list()).map((e) => e.action)).toContain('export.override');
  expect(pageProblems).toEqual([]);
});
