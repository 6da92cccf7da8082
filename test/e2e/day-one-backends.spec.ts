import { dayOneTeam } from '../fakes/day-one-team';
import { test, expect } from './support/fixtures';
import { backendCard, chooseProfileFile } from './support/day-one-helpers';
import { nav } from './support/page-helpers';

/** Settings → Backends against the real OpenBao: what the card says is what the server answers. */
test('settings: a revoked token is "Sign-in refused" (never "Signed in"), sign in again, sign out; a re-pointed backend needs a confirmation', async ({
  page,
  rendererUrl,
  services,
  sampleTeam,
  pageProblems,
}) => {
  test.setTimeout(60_000);
  const team = await dayOneTeam(sampleTeam.info);
  const vaultConfig = (team.profile.backends as Array<{ auth: { mount: string } }>)[0]!;
  await services.setup.importProfile({ profile: team.profile, source: 'acme-team.json' });
  await services.setup.signIn(team.backends.vault, { method: 'userpass', ...team.people.newHire });
  await page.goto(rendererUrl);
  await nav(page, 'Settings').click();
  const vault = backendCard(page, team.backends.vault);
  await expect(vault.locator('.badge')).toHaveText('Signed in');
  await expect(vault).toContainText(`as ${team.people.newHire.username} · until`);

  // Every token of that userpass mount is revoked at the server; the keychain still holds ours.
  const revoked = await fetch(`${sampleTeam.info.openbao!.url}/v1/sys/leases/revoke-prefix/auth/${vaultConfig.auth.mount}/login`, {
    method: 'POST',
    headers: { 'X-Vault-Token': team.rootToken },
  });
  expect(revoked.status).toBe(204);
  expect((await services.setup.listBackends()).find((b) => b.name === team.backends.vault)?.signedIn).toBe(true);
  // Opening Settings asks every backend again (no answer from before is shown).
  await nav(page, 'Environments').click();
  await nav(page, 'Settings').click();
  await expect(vault.locator('.badge')).toHaveText('Sign-in refused');
  await expect(vault).toContainText('refused the saved sign-in');
  await expect(vault).not.toContainText('Signed in');

  await vault.getByRole('button', { name: 'Sign in again' }).click();
  await vault.getByLabel('Username').fill(team.people.newHire.username);
  await vault.getByLabel('Password').fill(team.people.newHire.password);
  await vault.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(vault.locator('.badge')).toHaveText('Signed in');

  await vault.getByRole('button', { name: 'Sign out' }).click();
  await expect(vault.locator('.badge')).toHaveText('Signed out');
  expect((await services.setup.listBackends()).find((b) => b.name === team.backends.vault)?.signedIn).toBe(false);

  // The lead sends a profile that moves acme-vault to another address: shown old → new, applied only when accepted.
  await services.setup.signIn(team.backends.vault, { method: 'userpass', ...team.people.newHire });
  const oldUrl = sampleTeam.info.openbao!.url;
  const newUrl = oldUrl.replace('127.0.0.1', 'localhost');
  const moved = structuredClone(team.profile) as { backends: Array<{ url: string }> };
  moved.backends[0]!.url = newUrl;
  await chooseProfileFile(page, 'acme-team-v2.json', JSON.stringify(moved));
  const confirm = page.getByRole('dialog', { name: 'Confirm the change of backend' });
  await expect(confirm).toContainText(`acme-team-v2.json changes where ${team.backends.vault} signs in: url ${oldUrl} → ${newUrl}. Nothing was changed.`);
  await confirm.getByRole('button', { name: 'Keep things as they are' }).click();
  expect((await services.backends.get(team.backends.vault)).url).toBe(oldUrl);

  await chooseProfileFile(page, 'acme-team-v2.json', JSON.stringify(moved));
  await confirm.getByRole('button', { name: 'Accept the change' }).click();
  await expect(confirm).toHaveCount(0);
  await expect.poll(async () => (await services.backends.get(team.backends.vault)).url).toBe(newUrl);
  // The saved sign-in was deleted, so it never reaches the new address: sign in again there.
  await expect(vault.locator('.badge')).toHaveText('Signed out');
  expect(pageProblems).toEqual([]);
});
