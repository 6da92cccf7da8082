import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import type { VaultBackendConfig } from '../../../shared/backends';
import { createVaultBackend, type VaultAdapterOptions } from '../../../electron/backends/vault/adapter';
import { createRedactor } from '../../../electron/backends/redact';
import { MemoryStore } from '../../support/memory-store';

/** Admin calls with the dev server's root token, to set the stage for a test. Throws on any non-2xx. */
export async function rootCall(method: string, path: string, body?: unknown, address = inject('openbao').address, token = inject('openbao').token): Promise<any> {
  const res = await fetch(`${address}/v1/${path}`, {
    method,
    headers: { 'X-Vault-Token': token, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`setup ${method} ${path} failed: HTTP ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

export const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

/** A KV v2 secret at `secret/<project>/<env>` with fake values. */
export async function writeSecret(path: string, data: Record<string, string>): Promise<void> {
  await rootCall('POST', `secret/data/${path}`, { data });
}

export async function writePolicy(name: string, hcl: string): Promise<void> {
  await rootCall('PUT', `sys/policies/acl/${name}`, { policy: hcl });
}

/** A fresh userpass mount with one user holding `policies`. */
export async function userpassUser(policies: string[], extra: Record<string, unknown> = {}) {
  const mount = unique('up');
  await rootCall('POST', `sys/auth/${mount}`, { type: 'userpass' });
  const username = unique('dev');
  const password = `fake-password-${randomUUID()}`;
  await rootCall('POST', `auth/${mount}/users/${username}`, { password, token_policies: policies.join(','), ...extra });
  return { mount, username, password };
}

/** A child token of root with the given policies (never root itself, so policies apply). */
export async function tokenWith(policies: string[], extra: Record<string, unknown> = {}): Promise<string> {
  const res = await rootCall('POST', 'auth/token/create', { policies, ttl: '1h', ...extra });
  return res.auth.client_token as string;
}

export function vaultConfig(overrides: Partial<VaultBackendConfig> = {}): VaultBackendConfig {
  return { name: 'test-vault', kind: 'vault', url: inject('openbao').address, kvMount: 'secret', auth: { method: 'token' }, ...overrides };
}

/** An adapter with an in-memory store, a private redactor and a request counter. */
export function makeAdapter(overrides: Partial<VaultBackendConfig> = {}, extra: Partial<VaultAdapterOptions> = {}) {
  const store = new MemoryStore();
  const counter = { requests: 0, paths: [] as string[] };
  const adapter = createVaultBackend({
    config: vaultConfig(overrides),
    secretStore: store,
    redactor: createRedactor(),
    ...extra,
    http: {
      backoffMs: 10,
      ...extra.http,
      onRequest: (info) => {
        counter.requests++;
        counter.paths.push(`${info.method} ${info.path}`);
      },
    },
  });
  return { adapter, store, counter };
}

export const envAt = (backend: string, project: string, env: string) => ({ ref: `${backend}:${project}/${env}`, project, env, path: `${project}/${env}` });
