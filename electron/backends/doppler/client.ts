import { AppError } from '../../../shared/errors';
import type { SecretStore } from '../../identity/secret-store';
import type { HttpClient } from '../http';
import type { Redactor } from '../redact';
import { tokenAccount } from '../types';
import { dopplerError, dopplerSignIn } from './errors';

/** Token shapes we accept: personal, CLI, service-account (+ identity) and service tokens. */
const TOKEN_SHAPE = /^dp\.(pt|ct|sa|said|st)\.[A-Za-z0-9._-]{10,}$/;

export type TokenKind = 'personal' | 'service_account' | 'service';

export function tokenKind(token: string): TokenKind {
  if (token.startsWith('dp.st.')) return 'service';
  if (token.startsWith('dp.sa.') || token.startsWith('dp.said.')) return 'service_account';
  return 'personal';
}

export function assertTokenShape(token: string, backend: string): void {
  if (!TOKEN_SHAPE.test(token.trim())) {
    throw new AppError('BAD_REQUEST', `That does not look like a Doppler token for ${backend}.`, 'Doppler tokens start with dp.pt., dp.sa. or dp.st.; copy it again from the Doppler dashboard.');
  }
}

export interface DopplerCall {
  method: 'GET' | 'POST' | 'DELETE';
  /** JSON body (POST, and DELETE of a token). */
  body?: unknown;
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  /** What the request is about, for messages (`backend/dev`). */
  what: string;
  /** Use this token instead of the stored one (login validates before storing). */
  token?: string;
}

/** Authenticated Doppler requests: token from the SecretStore (held in memory once read), errors mapped. */
export class DopplerClient {
  private token: string | null = null;

  constructor(
    readonly http: HttpClient,
    private readonly secretStore: SecretStore,
    private readonly redactor: Redactor,
  ) {}

  get backend(): string {
    return this.http.backend;
  }

  async currentToken(): Promise<string> {
    if (this.token !== null) return this.token;
    const stored = await this.secretStore.get(tokenAccount(this.backend));
    if (!stored) throw new AppError('UNAUTHENTICATED', `You are not signed in to ${this.backend} (Doppler).`, ...dopplerSignIn(this.backend));
    this.remember(stored);
    return stored;
  }

  async hasToken(): Promise<boolean> {
    return this.token !== null || (await this.secretStore.get(tokenAccount(this.backend))) !== null;
  }

  remember(token: string): void {
    this.redactor.register(token);
    this.token = token;
  }

  async save(token: string): Promise<void> {
    await this.secretStore.set(tokenAccount(this.backend), token);
    this.remember(token);
  }

  /** True when a stored token was deleted. */
  async forget(): Promise<boolean> {
    this.token = null;
    return this.secretStore.delete(tokenAccount(this.backend));
  }

  async call<T>(req: DopplerCall): Promise<T> {
    const token = req.token ?? (await this.currentToken());
    const res = await this.http.request<T>({ method: req.method, path: req.path, query: req.query, body: req.body, headers: { Authorization: `Bearer ${token}` } });
    if (res.status >= 200 && res.status < 300) return res.body as T;
    throw dopplerError(res, { backend: this.backend, url: this.http.baseUrl, what: req.what, redact: (t) => this.http.redact(t) });
  }
}
