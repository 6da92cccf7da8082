import { AppError } from '../../shared/errors';
import type { VaultHttp } from '../../electron/backends/vault/oidc';

/** A VaultHttp over plain fetch: the OIDC tests drive loginWithOidc against real OpenBao without a client. */
export function fetchVaultHttp(address: string, opts: { timeoutMs?: number; namespace?: string } = {}): VaultHttp {
  const base = address.replace(/\/+$/, '');
  return async (method, path, { body, token, query } = {}) => {
    const headers: Record<string, string> = { 'X-Vault-Request': 'true' };
    if (token) headers['X-Vault-Token'] = token;
    if (opts.namespace) headers['X-Vault-Namespace'] = opts.namespace;
    if (body) headers['Content-Type'] = 'application/json';
    let res: Response;
    try {
      const search = query ? `?${new URLSearchParams(query)}` : '';
      res = await fetch(`${base}/v1/${path}${search}`, {
        method, headers, body: body ? JSON.stringify(body) : undefined, signal: AbortSignal.timeout(opts.timeoutMs ?? 15_000),
      });
    } catch (error) {
      throw new AppError('BACKEND_UNAVAILABLE', `Vault at ${base} did not answer.`, 'Check the address and your network, then retry.', { cause: error });
    }
    const text = await res.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = null;
    }
    return { status: res.status, body: parsed };
  };
}
