import { AwsBackendConfig } from '../../shared/backends';
import { TEAM, fakeTeamFactory, seedTeam } from './support/fake-team';
import { test, expect } from './support/fixtures';
import { envRow, nav } from './support/page-helpers';

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

test('an AWS Secrets Manager backend shows with its kind in Settings and beside the others in Environments', async ({ page, rendererUrl, services, pageProblems }) => {
  await seedTeam(services);
  await services.backends.upsert(AwsBackendConfig.parse({ name: 'acme-aws', kind: 'aws', region: 'eu-west-1', endpoint: 'http://127.0.0.1:3', prefix: 'acme/' }));
  const profile = (await services.profiles.load())!;
  await services.profiles.save({ ...profile, environments: [...profile.environments, { ref: 'acme-aws:payments/stg', approvers: [], dynamic: [] }] });
  await page.goto(rendererUrl);
  // Signed out (the fake answers like one): its environment is Unknown, and its kind is AWS.
  const aws = envRow(page, 'acme-aws:payments/stg');
  await expect(aws.getByRole('cell').nth(0)).toHaveText('AWS');
  await expect(aws.getByRole('cell').nth(0)).toHaveAttribute('title', 'AWS Secrets Manager');
  await expect(envRow(page, TEAM.granted).getByRole('cell').nth(0)).toHaveText('Vault');
  await nav(page, 'Settings').click();
  const card = page.getByRole('article', { name: 'Backend acme-aws' });
  await expect(card).toContainText('AWS Secrets Manager');
  await expect(card).toContainText('http://127.0.0.1:3');
  await expect(card.locator('.badge')).toHaveText('Signed out');
  expect(pageProblems).toEqual([]);
});
