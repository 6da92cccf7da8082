import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fakeTeamFactory, seedTeam } from './support/fake-team';
import { test, expect } from './support/fixtures';

test.use({ backendFactory: async ({}, use) => use(fakeTeamFactory) });
test.beforeEach(async ({ services }) => seedTeam(services));

test('the git-guard override resets when the path changes, so the next export is refused again', async ({ page, rendererUrl, dataDir }) => {
  const repo = path.join(dataDir, 'repo');
  await mkdir(repo);
  execFileSync('git', ['init', '-q', repo]);
  await page.goto(rendererUrl);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Exports' }).click();
  const form = page.getByRole('form', { name: 'New export' });
  await form.getByLabel('File path').fill(path.join(repo, '.env'));
  await form.getByRole('button', { name: 'Write export' }).click();
  await expect(page.getByRole('alert')).toContainText('UNSAFE_TARGET');
  await form.getByRole('checkbox', { name: /Write it anyway/ }).check();
  await form.getByLabel('File path').fill(path.join(repo, '.env.other'));
  await form.getByRole('button', { name: 'Write export' }).click();
  await expect(page.getByRole('alert')).toContainText('UNSAFE_TARGET');
  expect(existsSync(path.join(repo, '.env.other'))).toBe(false);
});
