import { AppError } from '../../../shared/errors';

/** Connection to one Vault/OpenBao server. `token` is sent only in the X-Vault-Token header. */
export interface KvClientOptions {
  address: string;
  token: string;
  timeoutMs?: number;
}

export interface KvSecret {
  data: Record<string, string>;
  version: number;
  createdTime: string;
}

export interface KvClient {
  /** Writes a new version of a KV v2 secret; resolves to that version number. */
  kvPut(mount: string, path: string, data: Record<string, string>): Promise<{ version: number }>;
  /** Reads the latest version of a KV v2 secret, or null when there is none (never written or deleted). */
  kvGet(mount: string, path: string): Promise<KvSecret | null>;
}

// Each segment is encoded on its own so `/` keeps separating path levels.
const encodePath = (path: string) => path.split('/').filter(Boolean).map(encodeURIComponent).join('/');

export function createKvClient({ address, token, timeoutMs = 10_000 }: KvClientOptions): KvClient {
  const base = address.replace(/\/+$/, '');
  const dataUrl = (mount: string, path: string) => `${base}/v1/${encodePath(mount)}/data/${encodePath(path)}`;

  async function send(method: 'GET' | 'POST', url: string, where: string, body?: unknown): Promise<Response> {
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: { 'X-Vault-Token': token, ...(body ? { 'Content-Type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new AppError('BACKEND_UNAVAILABLE', `Vault at ${base} did not answer for ${where}.`,
        'Check the address and your network, then retry.', { cause: error });
    }
    if (res.ok || res.status === 404) return res;
    throw statusError(res.status, base, where);
  }

  return {
    async kvPut(mount, path, data) {
      const where = `${mount}/${path}`;
      const res = await send('POST', dataUrl(mount, path), where, { data });
      if (res.status === 404) throw new AppError('NOT_FOUND', `Vault at ${base} has no KV v2 mount at ${mount}/.`);
      const body = (await res.json()) as { data?: { version?: number } };
      return { version: body.data?.version ?? 0 };
    },
    async kvGet(mount, path) {
      const res = await send('GET', dataUrl(mount, path), `${mount}/${path}`);
      if (res.status === 404) return null;
      const body = (await res.json()) as {
        data?: { data?: Record<string, string> | null; metadata?: { version?: number; created_time?: string } };
      };
      const secret = body.data;
      if (!secret?.data) return null;
      return { data: secret.data, version: secret.metadata?.version ?? 0, createdTime: secret.metadata?.created_time ?? '' };
    },
  };
}

function statusError(status: number, base: string, where: string): AppError {
  if (status === 401 || status === 403)
    return new AppError('FORBIDDEN', `Vault at ${base} refused access to ${where}.`,
      'Sign in again, or ask for access to this path.');
  if (status === 503) return new AppError('SEALED', `Vault at ${base} is sealed.`, 'Ask an operator to unseal it, then retry.');
  if (status === 429) return new AppError('RATE_LIMITED', `Vault at ${base} is rate limiting requests.`, 'Wait a moment, then retry.');
  if (status === 400) return new AppError('BAD_REQUEST', `Vault at ${base} rejected the request for ${where}.`);
  return new AppError('BACKEND_UNAVAILABLE', `Vault at ${base} failed with HTTP ${status} for ${where}.`, 'Retry later.');
}
