import { TEAM, fakeTeamFactory, seedTeam } from './support/fake-team';
import { test, expect } from './support/fixtures';

// A function given to test.use is taken as a fixture, so the factory is handed over by one.
test.use({ backendFactory: async ({}, use) => use(fakeTeamFactory) });

test('settings lists each backend with its kind, url, sign-in method and whether a token is stored', async ({ page, rendererUrl, services, pageProblems }, testInfo) => {
  await seedTeam(services);
  await page.goto(rendererUrl);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  const table = page.getByRole('table', { name: 'Backends' });
  const row = (name: string) => table.getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) });
  await expect(row(TEAM.vault).getByRole('cell')).toHaveText(['Vault / OpenBao', 'http://127.0.0.1:1', 'token', 'Signed in']);
  await expect(row(TEAM.doppler).getByRole('cell')).toHaveText(['Doppler', 'http://127.0.0.1:2', 'token', /^Signed out\s*Run latchkey login acme-doppler$/]);
  // Tokens never reach the page, not even the fake one.
  expect(await page.content()).not.toContain('fake-token-not-real');
  const shot = testInfo.outputPath('settings-backends.png');
  await page.screenshot({ path: shot, fullPage: true });
  await testInfo.attach('settings-backends', { path: shot, contentType: 'image/png' });
  expect(pageProblems).toEqual([]);
});
