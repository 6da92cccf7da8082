import { AppError } from '../../shared/errors';
import type { Redactor } from './redact';

/** What went wrong below HTTP, in words a person can act on. */
export type TransportCause =
  | { kind: 'timeout' }
  | { kind: 'refused' }
  | { kind: 'dns' }
  | { kind: 'reset' }
  | { kind: 'tls'; code: string }
  | { kind: 'other'; code: string };

/** Node's fetch (undici) wraps the socket error: `TypeError('fetch failed', { cause: { code } })`. */
export function transportCause(error: unknown): TransportCause {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return { kind: 'timeout' };
  const cause = (error as { cause?: { code?: string; name?: string } } | null)?.cause;
  const code = cause?.code ?? (error as { code?: string } | null)?.code ?? 'unknown';
  if (cause?.name === 'TimeoutError' || code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'UND_ERR_HEADERS_TIMEOUT') return { kind: 'timeout' };
  if (code === 'ECONNREFUSED') return { kind: 'refused' };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { kind: 'dns' };
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') return { kind: 'reset' };
  if (/CERT|SSL|TLS/i.test(code)) return { kind: 'tls', code };
  return { kind: 'other', code };
}

export function transportError(
  cause: TransportCause,
  who: { backend: string; product: string; url: string },
  timeoutMs: number,
  redactor: Redactor,
  original: unknown,
): AppError {
  const where = `${who.backend} (${who.product} at ${who.url})`;
  const [what, hint] = ((): [string, string] => {
    switch (cause.kind) {
      case 'timeout':
        return [`${where} did not answer within ${Math.round(timeoutMs / 100) / 10} s.`, 'Check your VPN or network connection, then retry.'];
      case 'refused':
        return [`${where} refused the connection.`, 'Check that the server is running and the URL in the team profile is right, then retry.'];
      case 'dns':
        return [`${where} could not be found (DNS lookup failed).`, 'Check the host name in the team profile and your VPN, then retry.'];
      case 'reset':
        return [`${where} closed the connection before answering.`, 'Retry in a moment; if it keeps happening, check the proxy or load balancer in front of it.'];
      case 'tls':
        return [`${where} failed the TLS check (${cause.code}).`, 'Check the URL and that your system trusts the server certificate.'];
      case 'other':
        return [`${where} could not be reached (${cause.code}).`, 'Check your network and the URL in the team profile, then retry.'];
    }
  })();
  return new AppError('BACKEND_UNAVAILABLE', redactor.redact(what), hint, { cause: original });
}

/** `Retry-After` is either delay-seconds or an HTTP date (RFC 9110 §10.2.3). Null when absent or unparsable. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | null {
  if (header === null) return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - now);
}

/** Full-jitter exponential backoff: spreads clients out so they do not retry in lockstep. */
export function retryDelayMs(attemptNo: number, baseMs: number, random = Math.random): number {
  const ceiling = Math.min(baseMs * 2 ** (attemptNo - 1), 5_000);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
