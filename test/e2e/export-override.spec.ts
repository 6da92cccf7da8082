import { existsSync } from 'node:fs';
import path from 'node:path';
import { fakeTeamFactory, seedTeam } from './support/fake-team';
import { test, expect } from './support/fixtures';
import { gitRepo, newExportDialog, openExports } from './support/export-helpers';

test.use({ backendFactory: async ({}, use) => use(fakeTeamFactory) });
test.beforeEach(async ({ services }) => seedTeam(services));

/**
 * The override ("write it anyway, although git does not ignore it") must never carry over: it used to stay
 * ticked, and the next export skipped the git guard silently.
 */
test('the git-guard override resets when the path changes and after every submit, so the next export is refused again', async ({ page, rendererUrl, dataDir, services }) => {
  const repo = await gitRepo(dataDir);
  await openExports(page, rendererUrl);
  const dialog = await newExportDialog(page);
  const path1 = path.join(repo, '.env');
  const path2 = path.join(repo, '.env.other');
  const override = dialog.getByRole('checkbox', { name: /Write it anyway/ });
  const write = dialog.getByRole('button', { name: 'Write export' });

  // Not offered before the guard has refused.
  await dialog.getByLabel('File path').fill(path1);
  await expect(override).toHaveCount(0);
  await write.click();
  await expect(dialog.getByRole('alert')).toContainText('UNSAFE_TARGET');
  await override.check();

  // Another path: the override is gone, and writing there is refused again.
  await dialog.getByLabel('File path').fill(path2);
  await expect(override).toHaveCount(0);
  await write.click();
  await expect(dialog.getByRole('alert')).toContainText('UNSAFE_TARGET');
  expect(existsSync(path2)).toBe(false);

  // Ticked and written: recorded — and the next submit starts unticked.
  await override.check();
  await write.click();
  await expect(dialog.getByRole('status')).toContainText(`Wrote ${path2}`);
  expect(existsSync(path2)).toBe(true);
  expect((await services.audit.list()).filter((e) => e.action === 'export.override')).toHaveLength(1);
  await dialog.getByRole('button', { name: 'Export another' }).click();
  await dialog.getByLabel('File path').fill(path1);
  await write.click();
  await expect(dialog.getByRole('alert')).toContainText('UNSAFE_TARGET');
  expect(existsSync(path1)).toBe(false);

  // A failed submit clears it too: ticked, then refused for another reason (the folder does not exist).
  await override.check();
  await dialog.getByLabel('File path').fill(path.join(repo, 'missing', '.env'));
  await write.click();
  await expect(dialog.getByRole('alert')).toContainText('does not exist');
  await dialog.getByLabel('File path').fill(path1);
  await write.click();
  await expect(dialog.getByRole('alert')).toContainText('UNSAFE_TARGET');
  expect(existsSync(path1)).toBe(false);
  expect((await services.audit.list()).filter((e) => e.action === 'export.override')).toHaveLength(1);
});
