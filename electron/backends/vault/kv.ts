import { AppError } from '../../../shared/errors';
import type { SecretMeta } from '../types';
import { encodePath } from './paths';
import type { VaultClient } from './client';
import { valueMap } from '../../util/value-map';

/** One KV v2 secret as read: values are strings (non-string JSON is re-serialised, as `vault kv get` shows it). */
export interface KvRead {
  values: Record<string, string>;
  version: number;
  /** When this version was written, i.e. when these values last changed. */
  createdTime: string | null;
}

interface KvDataBody {
  data?: {
    data?: Record<string, unknown> | null;
    metadata?: { version?: number; created_time?: string; deletion_time?: string; destroyed?: boolean } | null;
  } | null;
}

const asString = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

export async function kvRead(client: VaultClient, mount: string, path: string, ref?: string): Promise<KvRead> {
  const where = `${mount}/data/${path}`;
  const res = await client.call<KvDataBody>({ method: 'GET', path: `${encodePath(mount)}/data/${encodePath(path)}`, allow404: true, ref });
  const secret = res.body?.data;
  if (res.status === 404 || !secret?.data) {
    // A deleted or destroyed version answers 404 with metadata; a never-written path answers 404 {"errors":[]}.
    const gone = secret?.metadata && (secret.metadata.destroyed || secret.metadata.deletion_time);
    throw new AppError(
      'NOT_FOUND',
      gone ? `The secret at ${where} on ${client.backend} was deleted.` : `${client.backend} has no secret at ${where}.`,
      gone ? 'Ask whoever owns it to restore it or write a new version.' : 'Check the path in the team profile, or ask whoever owns it whether it moved.',
    );
  }
  const values = valueMap(Object.entries(secret.data).map(([key, value]) => [key, asString(value)] as const));
  return { values, version: secret.metadata?.version ?? 0, createdTime: secret.metadata?.created_time ?? null };
}

/** Per-key metadata from a read; Vault versions the whole secret, so every key shares version and time. */
export function metaOf(read: KvRead): SecretMeta[] {
  return Object.keys(read.values)
    .sort()
    .map((key) => ({ key, version: read.version, createdAt: read.createdTime, updatedAt: read.createdTime }));
}

/**
 * Lists `<mount>/metadata/<prefix>`: child names (folders end in `/`); empty when the folder does not exist.
 * Sent as `GET …?list=true`, which Vault documents for clients that cannot send the LIST method: some HTTP
 * proxies reject LIST with a 400 (https://developer.hashicorp.com/vault/api-docs#api-operations).
 */
export async function kvList(client: VaultClient, mount: string, prefix: string): Promise<string[]> {
  const folder = encodePath(prefix);
  const res = await client.call<{ data?: { keys?: string[] } }>({
    method: 'GET',
    path: `${encodePath(mount)}/metadata/${folder ? `${folder}/` : ''}`,
    query: { list: 'true' },
    allow404: true,
  });
  return res.status === 404 ? [] : (res.body?.data?.keys ?? []);
}
