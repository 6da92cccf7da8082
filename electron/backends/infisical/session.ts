import { AppError, type NextStep } from '../../../shared/errors';
import type { SecretStore } from '../../identity/secret-store';
import type { HttpClient, HttpResponse } from '../http';
import type { Redactor } from '../redact';
import { tokenAccount } from '../types';
import { infisicalFailure, loginAgain } from './errors';

/**
 * What we keep in the SecretStore under `tokenAccount(name)`, as JSON: the client secret (so an expired access
 * token can be replaced without asking the user again) and the current access token with its expiry. A user
 * session (`user`: the browser; `password`: email + password) keeps only the token: never the password, so when
 * the token expires the person signs in again.
 */
export interface StoredCredentials {
  method: 'universal' | 'token' | 'user' | 'password';
  clientId?: string;
  clientSecret?: string;
  /** User sessions: who signed in, and the organization the token is scoped to. */
  email?: string;
  organizationId?: string;
  accessToken: string;
  /** ISO; null = does not expire (TTL 0, or a token we were handed without its expiry). */
  expiresAt: string | null;
  /** ISO end of the Max TTL: renewal cannot go past it, only a fresh login. */
  maxExpiresAt: string | null;
  ttlSeconds: number;
}

interface TokenAnswer {
  accessToken: string;
  expiresIn: number;
  accessTokenMaxTTL?: number;
}

/** Refresh when less than a fifth of the TTL (and at most 5 minutes) is left, so a request never races expiry. */
const refreshMarginMs = (ttlSeconds: number) => Math.min(300_000, (ttlSeconds * 1000) / 5);

export class InfisicalSession {
  private cached: StoredCredentials | null = null;
  private refreshing: Promise<StoredCredentials> | null = null;

  constructor(
    private readonly http: HttpClient,
    private readonly store: SecretStore,
    private readonly redactor: Redactor,
    private readonly now: () => number = Date.now,
  ) {}

  private get backend() {
    return this.http.backend;
  }

  async load(): Promise<StoredCredentials | null> {
    if (this.cached) return this.cached;
    const raw = await this.store.get(tokenAccount(this.backend));
    if (!raw) return null;
    try {
      const parsed = JSON.parse(raw) as StoredCredentials;
      this.redactor.register(parsed.accessToken);
      this.redactor.register(parsed.clientSecret);
      this.cached = parsed;
      return parsed;
    } catch {
      throw new AppError('UNAUTHENTICATED', `The saved sign-in for ${this.backend} is unreadable.`, 'Sign in again.', { next: loginAgain(this.backend) });
    }
  }

  reload(): void {
    this.cached = null;
  }

  private async save(creds: StoredCredentials): Promise<StoredCredentials> {
    this.redactor.register(creds.accessToken);
    this.redactor.register(creds.clientSecret);
    await this.store.set(tokenAccount(this.backend), JSON.stringify(creds));
    this.cached = creds;
    return creds;
  }

  /** Forgets the access token and the client secret; true when a stored one was deleted. */
  async clear(): Promise<boolean> {
    this.cached = null;
    return this.store.delete(tokenAccount(this.backend));
  }

  private fromAnswer(answer: TokenAnswer, base: Omit<StoredCredentials, 'accessToken' | 'expiresAt' | 'ttlSeconds'>, keepMax?: string | null): StoredCredentials {
    const now = this.now();
    return {
      ...base,
      accessToken: answer.accessToken,
      ttlSeconds: answer.expiresIn,
      expiresAt: answer.expiresIn > 0 ? new Date(now + answer.expiresIn * 1000).toISOString() : null,
      maxExpiresAt: keepMax !== undefined ? keepMax : answer.accessTokenMaxTTL ? new Date(now + answer.accessTokenMaxTTL * 1000).toISOString() : null,
    };
  }

  /** POST /api/v1/auth/universal-auth/login (B.1). */
  async loginUniversal(clientId: string, clientSecret: string): Promise<StoredCredentials> {
    this.redactor.register(clientSecret);
    const res = await this.http.request<TokenAnswer>({ method: 'POST', path: '/api/v1/auth/universal-auth/login', body: { clientId, clientSecret } });
    if (res.status !== 200 || !res.body?.accessToken) throw this.fail(res, 'sign-in', true);
    this.redactor.register(res.body.accessToken);
    return this.save(this.fromAnswer(res.body, { method: 'universal', clientId, clientSecret, maxExpiresAt: null }));
  }

  async useToken(accessToken: string): Promise<StoredCredentials> {
    return this.save({ method: 'token', accessToken, expiresAt: null, maxExpiresAt: null, ttlSeconds: 0 });
  }

  /** A user session token (browser or password sign-in), already checked with the server by the caller. */
  async useUserToken(method: 'user' | 'password', accessToken: string, who: { email: string; organizationId: string; expiresAt: string | null }): Promise<StoredCredentials> {
    return this.save({ method, accessToken, ...who, maxExpiresAt: null, ttlSeconds: 0 });
  }

  /** How to sign in again after this session dies: the same way it was made. */
  relogin(creds: StoredCredentials | null = this.cached): NextStep {
    if (creds?.method === 'user') return { action: 'login', backend: this.backend, via: 'browser' };
    if (creds?.method === 'password') return { action: 'login', backend: this.backend, via: 'password', ...(creds.email ? { email: creds.email } : {}) };
    return loginAgain(this.backend);
  }

  /** A token good for the next request: renewed ahead of expiry, or replaced by a fresh login when renewal cannot work. */
  async token(): Promise<string> {
    const creds = await this.load();
    if (!creds) throw new AppError('UNAUTHENTICATED', `You are not signed in to ${this.backend}.`, 'Sign in first.', { next: loginAgain(this.backend) });
    if (creds.expiresAt === null) return creds.accessToken;
    const left = Date.parse(creds.expiresAt) - this.now();
    if (left > refreshMarginMs(creds.ttlSeconds)) return creds.accessToken;
    if (creds.method === 'user' || creds.method === 'password') {
      if (left > 0) return creds.accessToken;
      // A user JWT cannot be renewed without the browser session's refresh cookie, which we never get.
      throw new AppError(
        'UNAUTHENTICATED',
        `Your Infisical session for ${this.backend} (signed in as ${creds.email ?? 'a user'}) expired at ${creds.expiresAt}.`,
        'Infisical user sessions end after the time the server allows (10 days unless the organization sets less). Sign in again.',
        { next: this.relogin(creds) },
      );
    }
    if (creds.method !== 'universal') {
      if (left > 0) return creds.accessToken;
      throw new AppError('UNAUTHENTICATED', `Your access token for ${this.backend} has expired.`, 'Sign in again with a new token.', { next: loginAgain(this.backend) });
    }
    return (await this.refresh(creds)).accessToken;
  }

  /** After the server refused our token: log in again with the stored client secret (once per burst of requests). */
  async recover(): Promise<boolean> {
    const creds = await this.load();
    if (creds?.method !== 'universal' || !creds.clientId || !creds.clientSecret) return false;
    await this.refresh(creds, true);
    return true;
  }

  private refresh(creds: StoredCredentials, forceLogin = false): Promise<StoredCredentials> {
    this.refreshing ??= (async () => {
      try {
        const renewable = !forceLogin && Date.parse(creds.expiresAt ?? '') > this.now() && (creds.maxExpiresAt === null || Date.parse(creds.maxExpiresAt) > this.now() + creds.ttlSeconds * 1000);
        if (renewable) {
          // POST /api/v1/auth/token/renew (B.2): same token id, new expiry; refused past Max TTL → log in instead.
          const res = await this.http.request<TokenAnswer>({ method: 'POST', path: '/api/v1/auth/token/renew', body: { accessToken: creds.accessToken } });
          if (res.status === 200 && res.body?.accessToken) return await this.save(this.fromAnswer(res.body, creds, creds.maxExpiresAt));
        }
        return await this.loginUniversal(creds.clientId!, creds.clientSecret!);
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }

  private fail(res: HttpResponse, what: string, login = false): AppError {
    return infisicalFailure(this.http, res, what, { login });
  }
}
