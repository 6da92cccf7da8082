import { TeamProfile } from '../shared/profile';
import { fakeValues, rootClient } from './world';

export const EXPORT_SIZES = [10, 100, 1000];
export const refFor = (size: number) => `bench:exp/k${size}`;

export interface ExportWorld {
  address: string;
  mount: string;
  /** A non-root token that may only read the bench mount. Never printed. */
  token: string;
  profile: TeamProfile;
}

/** One KV secret per size (`exp/k10` holds 10 keys, …) on a fresh mount, and a read-only token for it. */
export async function exportWorld(bao: { address: string; token: string }): Promise<ExportWorld> {
  const root = rootClient(bao.address, bao.token);
  const mount = await root.kvMount();
  for (const size of EXPORT_SIZES) await putInBatches(bao, mount, `exp/k${size}`, fakeValues(size));
  await root.policy(`bench-read-${mount}`, `path "${mount}/data/*" { capabilities = ["read"] }`);
  const token = await root.token([`bench-read-${mount}`]);
  const profile = TeamProfile.parse({
    version: 1,
    team: 'bench',
    backends: [{ name: 'bench', kind: 'vault', url: bao.address, kvMount: mount, auth: { method: 'token' } }],
    environments: EXPORT_SIZES.map((size) => ({ ref: refFor(size) })),
  });
  return { address: bao.address, mount, token, profile };
}

/** What the floor and node-vault write: plain KEY="value" lines (JSON-quoted), no header, no escaping rules. */
export const plainDotenv = (values: Record<string, string>) =>
  Object.entries(values).map(([k, v]) => `${k}=${JSON.stringify(v)}\n`).join('');

/**
 * OpenBao refuses a JSON body of more than 1,000 strings (each key and value counts), so a 1,000-key
 * secret cannot be written in one request: write the first batch, then merge the rest with KV v2 PATCH.
 */
async function putInBatches(bao: { address: string; token: string }, mount: string, path: string, values: Record<string, string>) {
  const entries = Object.entries(values);
  const batch = 400;
  for (let i = 0; i < entries.length; i += batch) {
    const res = await fetch(`${bao.address}/v1/${mount}/data/${path}`, {
      method: i === 0 ? 'POST' : 'PATCH',
      headers: { 'X-Vault-Token': bao.token, 'Content-Type': i === 0 ? 'application/json' : 'application/merge-patch+json' },
      body: JSON.stringify({ data: Object.fromEntries(entries.slice(i, i + batch)) }),
    });
    if (!res.ok) throw new Error(`OpenBao ${i === 0 ? 'POST' : 'PATCH'} ${mount}/data/${path}: HTTP ${res.status} ${await res.text()}`);
  }
}
