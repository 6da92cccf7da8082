import { randomUUID } from 'node:crypto';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { loginWithOidc } from '../../../electron/backends/vault/oidc';
import { fetchVaultHttp } from '../../support/vault-http';
import { fakeClient, fakeUser, startFakeOidcProvider, type FakeOidcProvider } from '../../fakes/oidc-provider';
import { freePort } from '../../setup/ports';

const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

// A real OpenBao OIDC auth method talking to a real OpenID provider, both on loopback; Chromium plays the
// user's browser. Each file run mounts its own auth path so reruns against one server do not collide.
describe('Vault OIDC sign-in against OpenBao and a loopback OpenID provider', () => {
  const { address, token: rootToken } = inject('openbao');
  const mount = `oidc-${randomUUID().slice(0, 8)}`;
  const request = fetchVaultHttp(address);
  let port: number;
  let redirectUri: string;
  let idp: FakeOidcProvider;
  let browser: Browser;

  const asRoot = async (path: string, body: Record<string, unknown>) => {
    const reply = await request('POST', path, { body, token: rootToken });
    if (reply.status >= 300) throw new Error(`setup ${path} failed with HTTP ${reply.status}: ${JSON.stringify(reply.body)}`);
  };

  /** Signs in at the provider's pages the way a person would: login form, then the consent form. */
  const signInInBrowser = async (url: string) => {
    const context = await browser.newContext();
    // Only loopback: the dev login page pulls a web font we neither have nor need.
    await context.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (route) => route.abort());
    const page = await context.newPage();
    await page.goto(url);
    await page.fill('input[name=login]', fakeUser.login);
    await page.fill('input[name=password]', fakeUser.password);
    await page.click('button[type=submit]');
    await page.waitForSelector('button[type=submit], h1');
    if (new URL(page.url()).pathname.startsWith('/interaction/')) await page.click('button[type=submit]');
    await page.waitForURL((u) => u.pathname === '/oidc/callback');
    const shown = await page.textContent('body');
    await context.close();
    return shown ?? '';
  };

  // loginWithOidc only waits for the opener to start, like a real browser launch; the page work runs on
  // in the background and is awaited after each test so its failures are reported, not lost.
  let browsing: Array<Promise<string>> = [];
  const openInBrowser = async (url: string) => void browsing.push(signInInBrowser(url));
  afterEach(async () => {
    const pending = browsing;
    browsing = [];
    await Promise.all(pending);
  });

  beforeAll(async () => {
    port = await freePort();
    redirectUri = `http://localhost:${port}/oidc/callback`;
    idp = await startFakeOidcProvider({ redirectUris: [redirectUri] });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
    await asRoot(`sys/auth/${mount}`, { type: 'oidc' });
    await asRoot(`auth/${mount}/config`, {
      oidc_discovery_url: idp.issuer, oidc_client_id: fakeClient.id, oidc_client_secret: fakeClient.secret, default_role: 'engineer',
    });
    await asRoot(`auth/${mount}/role/engineer`, {
      user_claim: 'sub', allowed_redirect_uris: [redirectUri], oidc_scopes: ['email', 'profile'],
      token_policies: ['default', 'eng-read'], token_ttl: '10m',
    });
  });

  afterAll(async () => {
    await browser?.close();
    await idp?.stop();
  });

  it('signs in through the browser and returns a token with the role policies', async () => {
    const login = await loginWithOidc({ request, mount, role: 'engineer', port, label: `Vault at ${address}`, openBrowser: openInBrowser });

    expect(login.session.policies).toEqual(['default', 'eng-read']);
    expect(login.session.identity).toBe(`${mount}-${fakeUser.login}`) // Vault's display_name: <mount>-<user_claim>;
    expect(login.session.renewable).toBe(true);
    expect(Date.parse(login.session.expiresAt ?? '') - Date.now()).toBeGreaterThan(9 * 60_000);
    const self = await request('GET', 'auth/token/lookup-self', { token: login.token });
    expect(self.body).toMatchObject({ data: { path: `auth/${mount}/oidc/callback`, policies: ['default', 'eng-read'], meta: { role: 'engineer' } } });
    expect(await browsing[0]).toContain('You can close this window');
  });

  it('uses the default role when none is given', async () => {
    const login = await loginWithOidc({ request, mount, port, openBrowser: openInBrowser });
    expect(login.session.policies).toContain('eng-read');
  });

  it('ignores a callback with the wrong state and keeps waiting for the real one', async () => {
    const attempts: number[] = [];
    const login = await loginWithOidc({
      request, mount, role: 'engineer', port,
      openBrowser: async (url) => {
        const forged = await fetch(`${redirectUri}?state=forged-state&code=fake-code-not-real`);
        attempts.push(forged.status);
        await openInBrowser(url);
      },
    });
    expect(attempts).toEqual([400]);
    expect(login.token).toBeTruthy();
  });

  it('fails with a clear error when the provider sends error= back', async () => {
    const error = await loginWithOidc({
      request, mount, role: 'engineer', port,
      openBrowser: async (url) => {
        const state = new URL(url).searchParams.get('state') ?? '';
        void fetch(`${redirectUri}?${new URLSearchParams({ state, error: 'access_denied', error_description: 'End-User aborted interaction' })}`);
      },
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringContaining('access_denied') });
  });

  it('reports a code Vault cannot redeem without repeating the code', async () => {
    let page: Promise<string> = Promise.resolve('');
    const error = await loginWithOidc({
      request, mount, role: 'engineer', port,
      openBrowser: async (url) => {
        const state = new URL(url).searchParams.get('state') ?? '';
        page = fetch(`${redirectUri}?${new URLSearchParams({ state, code: 'fake-code-not-real' })}`).then((r) => r.text());
      },
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringContaining('rejected the OIDC sign-in') });
    expect(JSON.stringify(error) + String((error as Error).message)).not.toContain('fake-code-not-real');
    expect(await page).toContain('Sign-in did not complete');
  });

  it('times out with "not completed" when nobody finishes the sign-in', async () => {
    const error = await loginWithOidc({ request, mount, role: 'engineer', port, timeoutMs: 300, openBrowser: async () => {} })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringContaining('not completed') });
    // The port is free again for the next attempt.
    const retry = await loginWithOidc({ request, mount, role: 'engineer', port, timeoutMs: 300, openBrowser: async () => {} }).catch((e: unknown) => e);
    expect(retry).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('names an unknown role and never opens the browser', async () => {
    let opened = false;
    const error = await loginWithOidc({ request, mount, role: 'no-such-role', port, openBrowser: async () => void (opened = true) })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('"no-such-role"') });
    expect(opened).toBe(false);
  });

  it('explains a callback address the role does not allow', async () => {
    const error = await loginWithOidc({ request, mount, role: 'engineer', port, callbackHost: '127.0.0.1', openBrowser: async () => {} })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'BAD_REQUEST', hint: expect.stringContaining('allowed_redirect_uris') });
  });
});
