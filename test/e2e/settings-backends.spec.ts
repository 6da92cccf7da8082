import { TEAM, fakeTeamFactory, seedTeam } from './support/fake-team';
import { test, expect } from './support/fixtures';
import { nav } from './support/page-helpers';

// A function given to test.use is taken as a fixture, so the factory is handed over by one.
test.use({ backendFactory: async ({}, use) => use(fakeTeamFactory) });

test('settings shows each backend as its server answers, with sign in, sign out and remove', async ({ page, rendererUrl, services, pageProblems }, testInfo) => {
  await seedTeam(services);
  await page.goto(rendererUrl);
  await nav(page, 'Settings').click();
  const card = (name: string) => page.getByRole('article', { name: `Backend ${name}` });
  await expect(card(TEAM.vault)).toContainText('Vault / OpenBao');
  await expect(card(TEAM.vault)).toContainText('http://127.0.0.1:1');
  await expect(card(TEAM.vault).locator('.badge')).toHaveText('Signed in');
  await expect(card(TEAM.vault)).toContainText('as fake-user');
  await expect(card(TEAM.doppler).locator('.badge')).toHaveText('Signed out');
  await expect(card(TEAM.doppler)).not.toContainText('latchkey login');
  // Tokens never reach the page, not even the fake one.
  expect(await page.content()).not.toContain('fake-token-not-real');
  const shot = testInfo.outputPath('settings-backends.png');
  await page.screenshot({ path: shot, fullPage: true });
  await testInfo.attach('settings-backends', { path: shot, contentType: 'image/png' });

  // Sign out reaches the setup service (audited). The fake adapter keeps nothing to forget; what the card says
  // after a real sign-out, and beside a revoked token, is tested against OpenBao in day-one-backends.spec.ts.
  await card(TEAM.vault).getByRole('button', { name: 'Sign out' }).click();
  await expect.poll(async () => (await services.audit.list()).map((e) => `${e.action} ${e.target}`)).toContain(`logout ${TEAM.vault}`);

  // Remove asks first; the backend is gone from backends.json after.
  await card(TEAM.doppler).getByRole('button', { name: 'Remove…' }).click();
  await page.getByRole('group', { name: `Remove ${TEAM.doppler}?` }).getByRole('button', { name: 'Remove' }).click();
  await expect(card(TEAM.doppler)).toHaveCount(0);
  expect((await services.backends.list()).map((b) => b.name)).toEqual([TEAM.vault]);
  expect(pageProblems).toEqual([]);
});
