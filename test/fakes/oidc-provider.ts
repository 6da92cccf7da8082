import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

/** The one person who can sign in at the fake provider. Obviously fake values. */
export const fakeUser = {
  /** Also the `sub` claim: the dev login form makes the typed login the account id. */
  login: 'ada',
  password: 'fake-password-not-real',
  email: 'ada@example.test',
  name: 'Ada Example',
  groups: ['engineering'],
} as const;

export const fakeClient = {
  id: 'latchkey-test-client',
  secret: 'fake-client-secret-not-real',
} as const;

export interface FakeOidcProvider {
  /** e.g. http://127.0.0.1:41235 — also the OpenID discovery base (`/.well-known/openid-configuration`). */
  issuer: string;
  stop(): Promise<void>;
}

/**
 * A real OpenID provider (panva/oidc-provider v9) on a free loopback port, standing in for a company IdP.
 * The relying party is OpenBao (a confidential client); `redirectUris` are where OpenBao sends the browser
 * back, i.e. Latchkey's loopback callback. The login page is oidc-provider's built-in dev interaction
 * (a login + password form, then a consent form); only `fakeUser` resolves to an account.
 */
export async function startFakeOidcProvider(options: { redirectUris: string[] }): Promise<FakeOidcProvider> {
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.writeHead(503).end();
  const server = createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // A fresh signing key per run, so nothing key-like is checked in.
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const signingKey = { ...privateKey.export({ format: 'jwk' }), alg: 'RS256', use: 'sig', kid: 'fake-signing-key' };

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: fakeClient.id,
        client_secret: fakeClient.secret,
        redirect_uris: options.redirectUris,
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    findAccount: (_ctx, sub) => {
      // The dev login form accepts any name (and ignores the password); only the fake user is an account.
      if (sub !== fakeUser.login) return undefined;
      return {
        accountId: sub,
        claims: () => ({ sub, email: fakeUser.email, email_verified: true, name: fakeUser.name, groups: fakeUser.groups }),
      };
    },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], groups: ['groups'] },
    features: { devInteractions: { enabled: true } },
    cookies: { keys: ['fake-cookie-key-not-real'] },
    jwks: { keys: [signingKey] },
    // Explicit lifetimes (seconds) also keep oidc-provider from printing a notice for each default it uses.
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
  });
  handler = provider.callback();

  return {
    issuer,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
