import { BIG, bigTeamFactory, seedBigTeam } from './support/big-team';
import { test, expect } from './support/fixtures';
import { envRow } from './support/page-helpers';

const COUNT = 5_000;
test.use({ backendFactory: async ({}, use) => use(bigTeamFactory(COUNT)) });

test('5,000 environments: one virtualized list, searchable, keyboard-navigable', async ({ page, rendererUrl, services, pageProblems }) => {
  await seedBigTeam(services, COUNT);
  await page.goto(rendererUrl);
  const table = page.getByRole('table', { name: 'Environments' });
  await expect(table).toHaveAttribute('aria-rowcount', String(COUNT + 1));
  await expect(page.getByRole('status').filter({ hasText: 'environments' })).toHaveText('5,000 environments');
  // Only what is in view is in the DOM.
  const rendered = await table.getByRole('row').count();
  expect(rendered).toBeGreaterThan(5);
  expect(rendered).toBeLessThan(60);

  const search = page.getByRole('searchbox', { name: 'Search environments' });
  await search.fill('svc0123 env-04');
  await expect(table.getByRole('rowheader')).toHaveText([/^big-vault:svc0123\/env-04/, /^big-infisical:svc0123\/env-04/]);
  await search.fill('big-doppler:svc0049/env-09');
  await expect(table.getByRole('rowheader')).toHaveCount(1);
  await expect(envRow(page, 'big-doppler:svc0049/env-09').getByRole('cell').nth(1)).toHaveText('Unknown');

  // The access chips count all 5,000 (500 Doppler rows are Unknown: signed out).
  await search.fill('');
  await expect(page.getByRole('group', { name: 'Access' }).getByRole('button', { name: /^Unknown/ })).toHaveText('Unknown500');
  await page.getByRole('group', { name: 'Backend' }).getByRole('button', { name: new RegExp(`^${BIG.infisical}`) }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Showing' })).toHaveText('Showing 1,500 of 5,000 environments');

  // ArrowDown from the search walks the rows, scrolling the list as it goes.
  await search.focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('button', { name: /^(Open|Details) big-infisical:svc0000\/env-00$/ })).toBeFocused();
  for (let i = 0; i < 20; i++) await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('button', { name: /^(Open|Details) big-infisical:svc0002\/env-00$/ })).toBeFocused();
  expect(pageProblems).toEqual([]);
});
