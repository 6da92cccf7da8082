import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * HS256 JWTs like the real server's (`jsonwebtoken` with AUTH_SECRET). Identity tokens carry
 * `{identityId, clientSecretId, identityAccessTokenId, authTokenType:"identityAccessToken"}`; user session
 * tokens `{userId, authTokenType:"accessToken"}`.
 */
const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

export function signJwt(payload: Record<string, unknown>, secret: string): string {
  const head = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const body = b64url(JSON.stringify(payload));
  const sig = createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${sig}`;
}

/** The `jsonwebtoken` error messages the error handler rewrites (JWTErrors). */
export type JwtFailure = 'jwt malformed' | 'invalid signature' | 'jwt expired' | 'invalid algorithm';

export function verifyJwt(
  token: string,
  secret: string,
  nowMs: number,
): { ok: true; payload: Record<string, unknown> } | { ok: false; reason: JwtFailure } {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'jwt malformed' };
  let header: { alg?: string };
  let payload: Record<string, unknown>;
  try {
    header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8')) as { alg?: string };
    payload = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return { ok: false, reason: 'jwt malformed' };
  }
  if (header.alg !== 'HS256') return { ok: false, reason: 'invalid algorithm' };
  const expected = createHmac('sha256', secret).update(`${parts[0]}.${parts[1]}`).digest();
  const given = Buffer.from(parts[2]!, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'invalid signature' };
  if (typeof payload.exp === 'number' && payload.exp * 1000 <= nowMs) return { ok: false, reason: 'jwt expired' };
  return { ok: true, payload };
}

export function jwtFailureMessage(reason: JwtFailure): string {
  switch (reason) {
    case 'jwt expired':
      return 'Your token has expired. Please re-authenticate.';
    case 'jwt malformed':
      return 'The provided access token is malformed. Please use a valid token or generate a new one and try again.';
    case 'invalid algorithm':
      return 'The access token is signed with an invalid algorithm. Please provide a valid token and try again.';
    default:
      return reason;
  }
}

/** `ms()`-style durations: `30s`, `30m`, `1h`, `2d` (also a bare number of ms). Null when invalid. */
export function parseDuration(value: string): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)?$/i.exec(value.trim());
  if (!m) return null;
  const unit = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[(m[2] ?? 'ms').toLowerCase() as 'ms'];
  const ms = Number(m[1]) * unit;
  return ms > 0 ? ms : null;
}
