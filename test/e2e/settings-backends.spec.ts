import { AwsBackendConfig } from '../../shared/backends';
import { TEAM, fakeTeamFactory, seedTeam } from './support/fake-team';
import { test, expect } from './support/fixtures';
import { envRow } from './support/page-helpers';

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
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  const table = page.getByRole('table', { name: 'Backends' });
  const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'acme-aws', exact: true }) });
  await expect(row.getByRole('cell')).toHaveText(['AWS Secrets Manager', 'http://127.0.0.1:3', 'chain', /^Signed out/]);
  expect(pageProblems).toEqual([]);
});
