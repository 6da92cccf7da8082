import { AppError } from '../../../shared/errors';
import type { VaultClient } from '../../backends/vault/client';
import { mapLimit } from '../../util/map-limit';
import type { RecordCache } from '../record-cache';
import { alreadyWritten, decodeItem, encodeRecord, type LedgerItem } from '../records';
import type { VaultAccessNames } from './policies';

/**
 * The request ledger in a KV v2 mount:
 *   requests/<entity id>/<id>       the request (only that entity may create it; nobody may update it)
 *   requests/<entity id>/<id>.end   the requester's end (cancelled, given-back)
 *   decisions/<id>                  the one decision (create-only: a second approver gets a conflict)
 *   decisions/<id>.end              an approver's end (revoked)
 * Every record is written once, with cas=0, and holds one field, `record`.
 */
const READS_IN_FLIGHT = 16;
const END = '.end';

export interface VaultLedger {
  listMine(entityId: string): Promise<LedgerItem[]>;
  listAll(options: { skipEnded: boolean; idPrefix?: string }): Promise<LedgerItem[]>;
  write(path: string, record: unknown, what: string): Promise<void>;
  requestPath(entityId: string, id: string): string;
  decisionPath(id: string): string;
}

export function createVaultLedger(client: VaultClient, names: VaultAccessNames, cache?: RecordCache): VaultLedger {
  const mount = names.mount;
  const adminNext = { action: 'admin-setup' as const, backend: client.backend };

  async function list(folder: string): Promise<string[]> {
    const res = await client.call<{ data?: { keys?: string[] } }>({ method: 'LIST', path: `${mount}/metadata/${folder}`, allow404: true });
    return res.status === 404 ? [] : (res.body?.data?.keys ?? []);
  }

  async function readRaw(path: string): Promise<{ found: boolean; text: unknown }> {
    const known = (await cache?.records())?.get(path);
    if (known !== undefined) return { found: true, text: known };
    const res = await client.call<{ data?: { data?: { record?: unknown } | null } }>({ method: 'GET', path: `${mount}/data/${path}`, allow404: true });
    if (res.status === 404 || !res.body?.data?.data) return { found: false, text: null };
    const text = res.body.data.data.record;
    // Written once, never updated (the policies allow create only): safe to keep once read.
    if (typeof text === 'string') await cache?.remember(path, text);
    return { found: true, text };
  }

  /** Reads with the cache, then saves what was newly read (one write per listing). */
  async function cached<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } finally {
      await cache?.save().catch(() => undefined);
    }
  }

  /** Reads one request with what belongs to it; `ends` says which end records the listings showed. */
  async function item(entityId: string, id: string, ends: { requester: boolean; decided: boolean; revoked: boolean }): Promise<LedgerItem> {
    const [request, decision, requesterEnd, approverEnd] = await Promise.all([
      readRaw(`requests/${entityId}/${id}`),
      ends.decided ? readRaw(`decisions/${id}`) : null,
      ends.requester ? readRaw(`requests/${entityId}/${id}${END}`) : null,
      ends.revoked ? readRaw(`decisions/${id}${END}`) : null,
    ]);
    // Found but holding no text: damaged, not absent.
    const text = (read: { found: boolean; text: unknown } | null) => (read?.found ? (read.text ?? null) : undefined);
    return { id, filedUnder: entityId, ...decodeItem({ request: text(request), decision: text(decision), requesterEnd: text(requesterEnd), approverEnd: text(approverEnd) }) };
  }

  const idsIn = (keys: string[]) => keys.filter((k) => !k.endsWith('/') && !k.endsWith(END));
  const endsIn = (keys: string[]) => new Set(keys.filter((k) => k.endsWith(END)).map((k) => k.slice(0, -END.length)));

  return {
    requestPath: (entityId, id) => `requests/${entityId}/${id}`,
    decisionPath: (id) => `decisions/${id}`,

    listMine: (entityId) => cached(async () => {
      const keys = await list(`requests/${entityId}/`);
      const ended = endsIn(keys);
      // A requester may not list decisions: ask for each one (a 404 costs the same as a listing entry).
      return mapLimit(idsIn(keys), READS_IN_FLIGHT, (id) => item(entityId, id, { requester: ended.has(id), decided: true, revoked: true }));
    }),

    listAll: ({ skipEnded, idPrefix }) => cached(async () => {
      let folders: string[];
      try {
        folders = (await list('requests/')).filter((k) => k.endsWith('/')).map((k) => k.slice(0, -1));
      } catch (error) {
        if (error instanceof AppError && error.code === 'FORBIDDEN') {
          throw new AppError('FORBIDDEN', `Your ${client.backend} account may not list access requests: approvers need the ${names.approverPolicy} policy.`,
            'Ask a Vault admin to attach it if you approve requests.');
        }
        throw error;
      }
      const [perFolder, decisionKeys] = await Promise.all([mapLimit(folders, 8, (f) => list(`requests/${f}/`)), list('decisions/')]);
      const decided = new Set(idsIn(decisionKeys));
      const revoked = endsIn(decisionKeys);
      const wanted = folders.flatMap((entityId, i) => {
        const keys = perFolder[i]!;
        const ended = endsIn(keys);
        return idsIn(keys)
          .filter((id) => idPrefix === undefined || id.startsWith(idPrefix))
          .filter((id) => !(skipEnded && (ended.has(id) || revoked.has(id))))
          .map((id) => ({ entityId, id, ends: { requester: ended.has(id), decided: decided.has(id), revoked: revoked.has(id) } }));
      });
      return mapLimit(wanted, READS_IN_FLIGHT, (w) => item(w.entityId, w.id, w.ends));
    }),

    async write(path, record, what) {
      try {
        await client.call({ method: 'POST', path: `${mount}/data/${path}`, body: { options: { cas: 0 }, data: { record: encodeRecord(record) } }, idempotent: false });
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        // Create-only policies answer 403 for an existing key; an admin with update answers a CAS error.
        if (error.code === 'FORBIDDEN' || (error.code === 'BAD_REQUEST' && /check-and-set/.test(error.message))) {
          if ((await readRaw(path).catch(() => ({ found: false }))).found) {
            throw alreadyWritten(what, client.backend);
          }
          if (error.code === 'FORBIDDEN') {
            throw new AppError('FORBIDDEN', `Your ${client.backend} account may not write ${what} to the ${mount} request ledger.`,
              `Requesters need the ${names.requesterPolicy} policy and approvers also ${names.approverPolicy}; ask a Vault admin.`, { next: adminNext });
          }
        }
        if (error.code === 'NOT_FOUND') {
          throw new AppError('NOT_FOUND', `${client.backend} has no request ledger (KV v2 mount "${mount}").`, 'An admin sets it up once per backend.', { next: adminNext });
        }
        throw error;
      }
    },
  };
}
