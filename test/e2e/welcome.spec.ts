import { randomBytes } from 'node:crypto';
import type { Page } from '@playwright/test';
import { fakeClient, fakeUser, startFakeOidcProvider } from '../fakes/oidc-provider';
import { freePort } from '../setup/ports';
import { dayOneTeam } from '../fakes/day-one-team';
import { SAMPLE } from '../fakes/infisical';
import { test, expect } from './support/fixtures';
import { backendCard, chooseProfileFile } from './support/day-one-helpers';

/**
 * The welcome flow in the real renderer over the real services, against the sample team: a real OpenBao
 * (userpass), the Infisical simulator (a person signing in through the browser) and the Doppler simulator
 * (a pasted token). From an empty data dir to signed in on all three, without a terminal.
 */
test('welcome: an empty data dir to signed in on three backends; secrets sent once and never kept by the page', async ({
  page,
  rendererUrl,
  services,
  sampleTeam,
  systemBrowser,
  bridge,
  pageProblems,
}, testInfo) => {
  test.setTimeout(60_000);
  const team = await dayOneTeam(sampleTeam.info);
  const sent: string[] = [];
  // Every sign-in payload as it crosses the bridge, then to the real dispatch.
  bridge.override('backends:signIn', async (payload) => (sent.push(JSON.stringify(payload)), services.dispatch('backends:signIn', payload)));

  await page.goto(rendererUrl);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome to Latchkey');

  // A profile with a mistake: the error names the JSON path of the field, and nothing is imported.
  const broken = structuredClone(team.profile) as { backends: Array<{ url: string }> };
  broken.backends[1]!.url = 'not a url';
  await chooseProfileFile(page, 'acme-team.json', JSON.stringify(broken));
  await expect(page.getByRole('alert')).toContainText('acme-team.json is not a valid team profile: backends[1].url');
  expect(await services.profiles.load()).toBeNull();

  await chooseProfileFile(page, 'acme-team.json', JSON.stringify(team.profile));
  await expect(page.getByRole('region', { name: /Step 1, done/ })).toContainText('Imported the acme profile: 3 backends, 2 roles.');
  const cards = page.getByRole('region', { name: /Step 2/ }).getByRole('article');
  await expect(cards).toHaveCount(3);

  // OpenBao, userpass: two fields, Enter.
  const vault = backendCard(page, team.backends.vault);
  await vault.getByLabel('Username').fill(team.people.newHire.username);
  await vault.getByLabel('Password').fill(team.people.newHire.password);
  await vault.getByLabel('Password').press('Enter');
  await expect(vault.locator('.badge')).toHaveText('Signed in');
  await expect(vault).toContainText(`as ${team.people.newHire.username}`);
  await expect(vault).toBeFocused();

  // Infisical, a person: "Sign in with browser" opens the Infisical page in the system browser.
  const infisical = backendCard(page, team.backends.infisical);
  await infisical.getByRole('button', { name: 'Sign in with browser' }).click();
  await expect(infisical.getByRole('button', { name: 'Waiting for your browser…' })).toBeVisible();
  await signInOnInfisical(await systemBrowser.next(), SAMPLE.users.dev);
  await expect(infisical.locator('.badge')).toHaveText('Signed in');
  await expect(infisical).toContainText(`as ${SAMPLE.users.dev.email}`);

  // Doppler: a personal token, pasted.
  const doppler = backendCard(page, team.backends.doppler);
  await doppler.getByLabel('Doppler token (personal or service account)').fill(sampleTeam.info.doppler.developerToken);
  await doppler.getByLabel('Doppler token (personal or service account)').press('Enter');
  await expect(doppler.locator('.badge')).toHaveText('Signed in');
  await expect(page.getByRole('region', { name: /Step 2, done/ })).toContainText('Signed in to 3 of 3.');
  await testInfo.attach('welcome-signed-in', { body: await page.screenshot(), contentType: 'image/png' });

  // Each secret crossed the bridge exactly once, and the page holds none of them now.
  for (const secret of [team.people.newHire.password, sampleTeam.info.doppler.developerToken]) {
    expect(sent.filter((p) => p.includes(secret))).toHaveLength(1);
    expect(await page.content()).not.toContain(secret);
  }
  expect(await page.evaluate(() => [...document.querySelectorAll('input')].map((i) => i.value).filter(Boolean))).toEqual([]);
  expect((await services.setup.listBackends()).map((b) => [b.name, b.signedIn])).toEqual([
    [team.backends.vault, true],
    [team.backends.infisical, true],
    [team.backends.doppler, true],
  ]);

  // Step 3: the role; the checklist takes over.
  await page.getByRole('button', { name: /^full-stack/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Day one');
  await expect(page.getByRole('listitem', { name: team.refs.doppler }).locator('.badge')).toHaveText('Ready');
  await expect(page.getByRole('listitem', { name: team.refs.infisical }).locator('.badge')).toHaveText('Ready');
  await expect(page.getByRole('listitem', { name: team.refs.dev }).locator('.badge')).toHaveText('Ready');
  await expect(page.getByRole('status').filter({ hasText: 'All set' })).toBeVisible();
  expect(pageProblems).toEqual([]);
});

/** What a person does on the Infisical page: email, password, then the organization. */
async function signInOnInfisical(page: Page, user: { email: string; password: string }): Promise<void> {
  await page.fill('input[name=email]', user.email);
  await page.fill('input[name=password]', user.password);
  await page.click('button[type=submit]');
  await page.click(`button.org:has-text("${SAMPLE.orgs.acme}")`);
  await page.waitForURL((u) => u.pathname === '/cli-redirect');
  await page.close();
}

/** Vault OIDC: "Sign in with browser" opens the company identity provider; OpenBao hands the token back. */
test('welcome: Vault OIDC, "Sign in with browser" through a real OpenID provider', async ({ page, rendererUrl, services, sampleTeam, systemBrowser, context, pageProblems }) => {
  test.setTimeout(60_000);
  const { url, rootToken } = sampleTeam.info.openbao!;
  const port = await freePort();
  const redirectUri = `http://localhost:${port}/oidc/callback`;
  const idp = await startFakeOidcProvider({ redirectUris: [redirectUri] });
  try {
    const mount = `oidc-${randomBytes(3).toString('hex')}`;
    const asRoot = async (path: string, body: unknown) => {
      const res = await fetch(`${url}/v1/${path}`, { method: 'POST', headers: { 'X-Vault-Token': rootToken }, body: JSON.stringify(body) });
      expect(res.status, path).toBeLessThan(300);
    };
    await asRoot(`sys/auth/${mount}`, { type: 'oidc' });
    await asRoot(`auth/${mount}/config`, { oidc_discovery_url: idp.issuer, oidc_client_id: fakeClient.id, oidc_client_secret: fakeClient.secret, default_role: 'engineer' });
    await asRoot(`auth/${mount}/role/engineer`, { user_claim: 'sub', allowed_redirect_uris: [redirectUri], oidc_scopes: ['email', 'profile'], token_policies: ['default'], token_ttl: '10m' });
    const profile = { version: 1, team: 'acme', backends: [{ name: 'acme-sso', kind: 'vault', url, auth: { method: 'oidc', mount, role: 'engineer', callbackPort: port } }] };
    // Only loopback: the provider's dev login page pulls a web font we neither have nor need.
    await context.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (route) => route.abort());

    await page.goto(rendererUrl);
    await chooseProfileFile(page, 'acme-team.json', JSON.stringify(profile));
    const card = backendCard(page, 'acme-sso');
    await card.getByRole('button', { name: 'Sign in with browser' }).click();
    const idpPage = await systemBrowser.next();
    await idpPage.fill('input[name=login]', fakeUser.login);
    await idpPage.fill('input[name=password]', fakeUser.password);
    await idpPage.click('button[type=submit]');
    await idpPage.waitForSelector('button[type=submit], h1');
    if (new URL(idpPage.url()).pathname.startsWith('/interaction/')) await idpPage.click('button[type=submit]');
    await idpPage.waitForURL((u) => u.pathname === '/oidc/callback');
    await expect(card.locator('.badge')).toHaveText('Signed in');
    await expect(card).toContainText(`as ${mount}-${fakeUser.login}`);
    expect((await services.setup.listBackends())[0]).toMatchObject({ name: 'acme-sso', signedIn: true });
    expect(pageProblems).toEqual([]);
  } finally {
    await idp.stop();
  }
});

/** AWS Secrets Manager (a real moto server): an access key pair on its card, the secret half a password field. */
test('welcome: an AWS backend signs in with an access key pair on its card', async ({ page, rendererUrl, services, sampleTeam, bridge, pageProblems }) => {
  const aws = sampleTeam.info.aws;
  expect(aws, 'the sample team starts moto (node test/setup/host.mjs installs it)').not.toBeNull();
  const sent: string[] = [];
  bridge.override('backends:signIn', async (payload) => (sent.push(JSON.stringify(payload)), services.dispatch('backends:signIn', payload)));
  const profile = { version: 1, team: 'acme', backends: [{ name: 'acme-aws', kind: 'aws', region: aws!.region, endpoint: aws!.url, prefix: aws!.prefix, auth: { method: 'keys' } }] };
  await page.goto(rendererUrl);
  await chooseProfileFile(page, 'acme-team.json', JSON.stringify(profile));
  const card = backendCard(page, 'acme-aws');
  await expect(card.getByRole('radio', { name: 'Access key' })).toBeChecked();
  await card.getByLabel('Access key ID').fill(aws!.accessKeyId);
  await card.getByLabel('Secret access key').fill(aws!.secretAccessKey);
  await card.getByLabel('Secret access key').press('Enter');
  await expect(card.locator('.badge')).toHaveText('Signed in');
  expect(sent.filter((p) => p.includes(aws!.secretAccessKey))).toHaveLength(1);
  expect(await page.content()).not.toContain(aws!.secretAccessKey);
  expect((await services.setup.listBackends())[0]).toMatchObject({ name: 'acme-aws', signedIn: true });
  expect(pageProblems).toEqual([]);
});
