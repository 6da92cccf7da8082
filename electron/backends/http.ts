import { AppError } from '../../shared/errors';
import { redactor as defaultRedactor, type Redactor } from './redact';
import { parseRetryAfter, retryDelayMs, transportCause, transportError } from './http-failures';

/** One HTTP wrapper for every backend: timeouts, bounded retries honouring Retry-After, JSON, redaction. */
export interface HttpClientOptions {
  /** The backend's short name, used in every message (`acme-vault`). */
  backend: string;
  /** What people call the server (`Vault`, `Infisical`, `Doppler`). */
  product: string;
  baseUrl: string;
  /** Per-attempt timeout. Default 10 s. */
  timeoutMs?: number;
  /** Attempts including the first. Default 3. */
  maxAttempts?: number;
  /** Base of the jittered exponential backoff. Default 200 ms. */
  backoffMs?: number;
  /** Longest wait we accept from a Retry-After header before giving up instead. Default 10 s. */
  maxRetryAfterMs?: number;
  /** Which failed statuses are worth another attempt. Default 429, 502, 503. */
  isRetryable?: (status: number, body: unknown) => boolean;
  /** Called before every attempt (tests count requests here). Never receives headers or bodies. */
  onRequest?: (info: { method: string; path: string; attempt: number }) => void;
  redactor?: Redactor;
  headers?: Record<string, string>;
  sleep?: (ms: number) => Promise<void>;
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'LIST' | 'HEAD';
  /** Relative to baseUrl, e.g. `/v1/secret/data/payments/staging`. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  headers?: Record<string, string>;
  body?: unknown;
  timeoutMs?: number;
  /**
   * Retry after a connection reset? Only safe when the request has no side effects, so the default is
   * true for GET/LIST/HEAD. Status-based retries (429/503) are always allowed: the server refused the work.
   */
  idempotent?: boolean;
}

export interface HttpResponse<T = unknown> {
  status: number;
  headers: Headers;
  /** Parsed JSON, or null for an empty body. */
  body: T | null;
  /** How long the server asked us to wait (429/503), when it said so. */
  retryAfterMs: number | null;
  attempts: number;
}

export interface HttpClient {
  readonly backend: string;
  readonly product: string;
  readonly baseUrl: string;
  /** Resolves with every HTTP status (callers map them); throws AppError only for transport failures. */
  request<T = unknown>(req: HttpRequest): Promise<HttpResponse<T>>;
  /** Passes text through the redactor: use for anything that may reach a message or a log. */
  redact(text: string): string;
}

/** `..`, `.` and their percent-encoded forms: URL parsing resolves them, so the request would reach another endpoint. */
const hasDotSegments = (path: string) => path.split(/[/\\]/).some((segment) => /^(?:\.|%2e){1,2}$/i.test(segment));

const defaultRetryable = (status: number) => status === 429 || status === 502 || status === 503;
const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxAttempts = Math.max(1, options.maxAttempts ?? 3);
  const backoffMs = options.backoffMs ?? 200;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 10_000;
  const isRetryable = options.isRetryable ?? defaultRetryable;
  const redactor = options.redactor ?? defaultRedactor;
  const sleep = options.sleep ?? realSleep;
  const who = { backend: options.backend, product: options.product, url: baseUrl };

  function urlFor(req: HttpRequest): string {
    if (hasDotSegments(req.path)) {
      throw new AppError('BAD_REQUEST', redactor.redact(`${who.backend}: the request path ${req.path} has a "." or ".." segment, so it was not sent.`),
        'Fix the path in the team profile or the environment reference.');
    }
    const url = new URL(baseUrl + (req.path.startsWith('/') ? req.path : `/${req.path}`));
    for (const [key, value] of Object.entries(req.query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
    return url.toString();
  }

  async function attempt(req: HttpRequest, attemptNo: number): Promise<HttpResponse> {
    options.onRequest?.({ method: req.method, path: req.path, attempt: attemptNo });
    const hasBody = req.body !== undefined;
    const limit = req.timeoutMs ?? timeoutMs;
    const res = await fetch(urlFor(req), {
      method: req.method,
      headers: {
        Accept: 'application/json',
        ...(hasBody ? { 'Content-Type': 'application/json' } : {}),
        ...options.headers,
        ...req.headers,
      },
      body: hasBody ? JSON.stringify(req.body) : undefined,
      signal: AbortSignal.timeout(limit),
      redirect: 'error',
    });
    const text = await res.text();
    return {
      status: res.status,
      headers: res.headers,
      body: parseBody(text, res.status, req.path),
      retryAfterMs: parseRetryAfter(res.headers.get('retry-after')),
      attempts: attemptNo,
    };
  }

  function parseBody(text: string, status: number, path: string): unknown {
    if (text.trim() === '') return null;
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new AppError(
        'BACKEND_UNAVAILABLE',
        redactor.redact(`${who.backend} (${who.product} at ${who.url}) answered ${path} with something that is not JSON (HTTP ${status}).`),
        'Check that the URL in the team profile points at the API itself, not a proxy or login page, then retry.',
        { cause: error },
      );
    }
  }

  return {
    backend: options.backend,
    product: options.product,
    baseUrl,
    redact: (text) => redactor.redact(text),
    async request<T>(req: HttpRequest): Promise<HttpResponse<T>> {
      const idempotent = req.idempotent ?? ['GET', 'LIST', 'HEAD'].includes(req.method);
      for (let attemptNo = 1; ; attemptNo++) {
        const last = attemptNo >= maxAttempts;
        let res: HttpResponse;
        try {
          res = await attempt(req, attemptNo);
        } catch (error) {
          if (error instanceof AppError) throw error;
          const cause = transportCause(error);
          if (!last && idempotent && cause.kind === 'reset') {
            await sleep(retryDelayMs(attemptNo, backoffMs));
            continue;
          }
          throw transportError(cause, who, req.timeoutMs ?? timeoutMs, redactor, error);
        }
        if (last || !isRetryable(res.status, res.body)) return res as HttpResponse<T>;
        // A Retry-After longer than we are willing to wait: give the caller the answer now (RATE_LIMITED).
        if (res.retryAfterMs !== null && res.retryAfterMs > maxRetryAfterMs) return res as HttpResponse<T>;
        await sleep(res.retryAfterMs ?? retryDelayMs(attemptNo, backoffMs));
      }
    },
  };
}
