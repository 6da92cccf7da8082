import { AppError } from '../../../shared/errors';
import type { DopplerClient } from '../../backends/doppler/client';
import { alreadyWritten, decodeItem, encodeRecord, type LedgerItem, type StoredRecords } from '../records';

/**
 * The request ledger in a dedicated Doppler config (default `latchkey/requests`): one secret per record,
 *   LATCHKEY_<ID>_REQUEST   the request
 *   LATCHKEY_<ID>_DECISION  the one decision
 *   LATCHKEY_<ID>_END       the requester's end (cancelled, given-back)
 *   LATCHKEY_<ID>_REVOKED   an approver's end
 * Doppler cannot stop a member overwriting another's secret, so integrity rests on the signatures and the
 * approver's device pins, not on the ledger. One download reads the whole ledger.
 */
const KINDS = { REQUEST: 'request', DECISION: 'decision', END: 'requesterEnd', REVOKED: 'approverEnd' } as const satisfies Record<string, keyof StoredRecords>;
type Slot = keyof typeof KINDS;
const NAME = /^LATCHKEY_([0-9A-F]{16})_(REQUEST|DECISION|END|REVOKED)$/;

const recordName = (id: string, slot: Slot) => `LATCHKEY_${id.toUpperCase()}_${slot}`;

export interface DopplerLedger {
  all(): Promise<LedgerItem[]>;
  write(id: string, slot: Slot, record: unknown, what: string): Promise<void>;
}

export function createDopplerLedger(client: DopplerClient, where: { project: string; config: string }): DopplerLedger {
  const place = `${where.project}/${where.config}`;
  const adminNext = { action: 'admin-setup' as const, backend: client.backend };

  async function download(names?: string[]): Promise<Record<string, unknown>> {
    try {
      return (await client.call<Record<string, unknown>>({
        method: 'GET',
        path: '/v3/configs/config/secrets/download',
        query: { project: where.project, config: where.config, format: 'json', include_dynamic_secrets: false, ...(names ? { secrets: names.join(',') } : {}) },
        what: `the request ledger ${place}`,
      })) ?? {};
    } catch (error) {
      throw ledgerError(error);
    }
  }

  function ledgerError(error: unknown): unknown {
    if (!(error instanceof AppError)) return error;
    if (error.code === 'NOT_FOUND') return new AppError('NOT_FOUND', `${client.backend} has no request ledger (Doppler config ${place}).`, 'An admin sets it up once per backend.', { next: adminNext });
    if (error.code === 'FORBIDDEN') return new AppError('FORBIDDEN', `Your ${client.backend} token may not use the request ledger ${place}.`, 'Everyone who asks or approves needs read and write access to that config; ask a Doppler admin.');
    return error;
  }

  return {
    async all() {
      const secrets = await download();
      const byId = new Map<string, StoredRecords>();
      for (const [name, value] of Object.entries(secrets)) {
        const match = NAME.exec(name);
        if (!match) continue;
        const id = match[1]!.toLowerCase();
        byId.set(id, { ...byId.get(id), [KINDS[match[2] as Slot]]: value });
      }
      return [...byId].map(([id, raw]): LedgerItem => ({ id, filedUnder: null, ...decodeItem(raw) }));
    },

    async write(id, slot, record, what) {
      const name = recordName(id, slot);
      // Doppler has no create-only write: look first, so two approvers do not both decide (a race remains;
      // the signatures show both, and the first decision read wins everywhere).
      if (Object.hasOwn(await download([name]), name)) {
        throw alreadyWritten(what, client.backend);
      }
      try {
        await client.call({ method: 'POST', path: '/v3/configs/config/secrets', body: { project: where.project, config: where.config, secrets: { [name]: encodeRecord(record) } }, what: `the request ledger ${place}` });
      } catch (error) {
        throw ledgerError(error);
      }
    },
  };
}
