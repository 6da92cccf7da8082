import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { TEAM, fakeTeamFactory, seedTeam } from './support/fake-team';
import { test, expect } from './support/fixtures';
import { projectDir } from './support/export-helpers';
import { envRow, nav, shot } from './support/page-helpers';

test.use({ backendFactory: async ({}, use) => use(fakeTeamFactory) });
test.beforeEach(async ({ services }) => seedTeam(services));

test('the activity screen lists the audit log with filters, and Verify integrity finds an edited line', async ({ page, rendererUrl, dataDir, services, pageProblems }, testInfo) => {
  // Real actions through the real services: two reveals (one refused), an export.
  await services.dispatch('secrets:reveal', { ref: TEAM.granted, key: 'API_KEY' });
  await services.dispatch('secrets:reveal', { ref: TEAM.denied, key: 'API_KEY' });
  await services.exports.create({ ref: TEAM.granted, path: path.join(await projectDir(dataDir), '.env'), ttl: '1h' });
  await page.goto(rendererUrl);
  // One more from the page itself.
  await envRow(page, TEAM.granted).getByRole('button').click();
  await page.getByRole('button', { name: 'Reveal STRIPE_KEY' }).click();
  await expect(page.getByRole('group', { name: 'Value of STRIPE_KEY' })).toBeVisible();
  await page.keyboard.press('Escape');

  await nav(page, 'Activity').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Activity');
  const log = page.getByRole('region', { name: 'Audit log' });
  await expect(log.getByRole('status')).toHaveText('4 entries');
  // Newest first: action, target, outcome; never a value.
  await expect(log.getByRole('row').nth(1).getByRole('cell').nth(1)).toHaveText('secret.reveal');
  await expect(log.getByRole('row').nth(1)).toContainText('key=STRIPE_KEY');
  for (const value of Object.values(TEAM.values)) expect(await page.content()).not.toContain(value);

  await page.getByLabel('Action').selectOption('secret.reveal');
  await expect(log.getByRole('status')).toHaveText('3 entries');
  await page.getByLabel('Outcome').selectOption('denied');
  await expect(log.getByRole('status')).toHaveText('1 entry');
  await expect(log.getByRole('row').nth(1)).toContainText(TEAM.denied);
  await expect(log.getByRole('row').nth(1)).toContainText('Denied');
  await page.getByLabel('Outcome').selectOption('');
  await page.getByLabel('Environment').selectOption(TEAM.granted);
  await expect(log.getByRole('status')).toHaveText('2 entries');
  await page.getByLabel('Action').selectOption('');
  await expect(log.getByRole('status')).toHaveText('3 entries');

  await page.getByRole('button', { name: 'Verify integrity' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Intact' })).toHaveText('Intact: 4 entries, chain and signatures check out.');
  await shot(page, testInfo, 'activity');

  // Someone edits line 2 of the log behind Latchkey's back.
  const file = services.audit.file;
  const lines = (await readFile(file, 'utf8')).split('\n');
  lines[1] = lines[1]!.replace('"outcome":"denied"', '"outcome":"ok"');
  await writeFile(file, lines.join('\n'));
  await page.getByRole('button', { name: 'Verify integrity' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('The audit log was changed');
  await expect(alert).toContainText('Line 2: the line was edited');
  await expect(page.getByRole('button', { name: 'Verify integrity' })).toBeFocused();
  expect(pageProblems).toEqual([]);
});

test('an empty log says what will appear', async ({ page, rendererUrl, pageProblems }) => {
  await page.goto(rendererUrl);
  await nav(page, 'Activity').click();
  await expect(page.getByRole('region', { name: 'Nothing recorded yet' })).toBeVisible();
  await page.getByRole('button', { name: 'Verify integrity' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Intact' })).toHaveText('Intact: 0 entries, chain and signatures check out.');
  expect(pageProblems).toEqual([]);
});
