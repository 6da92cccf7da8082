import { AppError, isAppError } from '../../../shared/errors';
import type { AwsClients } from '../../backends/aws/clients';
import { mapLimit } from '../../util/map-limit';
import { alreadyWritten, decodeItem, encodeRecord, type LedgerItem } from '../records';

/**
 * The request ledger in Secrets Manager, one secret per record, all under `<prefix>latchkey/requests/`:
 *   <id>/request    the request, by the requester
 *   <id>/decision   the one decision, by an approver
 *   <id>/end        the requester's end (cancelled, given-back)
 *   <id>/revoked    an approver's end
 * Each is made with CreateSecret, which refuses a name that exists: a record is written once, and a second
 * approver gets a conflict. Every record is tagged `latchkey-requester` with the requester's AWS user id,
 * so IAM can let a developer file records only under their own id and read only their own
 * (policies/aws/request-ledger-*.json). The adapter never lists these as environments.
 */
const REQUESTER_TAG = 'latchkey-requester';
const SLOTS = { request: 'request', decision: 'decision', end: 'requesterEnd', revoked: 'approverEnd' } as const;
type Slot = keyof typeof SLOTS;
/** ListSecrets' largest page; BatchGetSecretValue's largest batch. */
const PAGE = 100;
const BATCH = 20;

interface Listed {
  id: string;
  slot: Slot;
  name: string;
  requester: string | null;
}

export interface AwsLedger {
  /** `requester`: only requests filed under that AWS user id. `skipEnded`: leave out requests that have an end record. */
  list(filter: { requester?: string; idPrefix?: string; skipEnded: boolean }): Promise<LedgerItem[]>;
  /** Creates one record (never overwrites); tagged with the requester's AWS user id. */
  write(id: string, slot: Slot, requesterId: string, record: unknown, what: string): Promise<void>;
}

export function createAwsLedger(client: AwsClients): AwsLedger {
  const base = `${client.config.prefix}latchkey/requests/`;
  const backend = client.config.name;
  const adminNext = { action: 'admin-setup' as const, backend };

  function refused(error: unknown, doing: string): unknown {
    if (isAppError(error) && error.code === 'FORBIDDEN') {
      return new AppError('FORBIDDEN', `Your AWS identity may not ${doing} the request ledger of ${backend} (secrets under ${base}).`,
        'Requesters and approvers need the request-ledger policies (policies/aws in the Latchkey repository); ask an AWS admin.', { next: adminNext });
    }
    return error;
  }

  /** Every record's name and requester tag: ListSecrets pages carry both, no values. */
  async function names(): Promise<Listed[]> {
    const found: Listed[] = [];
    let token: string | undefined;
    do {
      const page = await client
        .sm('the request ledger', (c, sdk) => c.send(new sdk.ListSecretsCommand({ MaxResults: PAGE, NextToken: token, Filters: [{ Key: 'name', Values: [base] }] })))
        .catch((error: unknown) => Promise.reject(refused(error, 'list')));
      for (const secret of page.SecretList ?? []) {
        const parsed = parseName(secret.Name ?? '', base);
        if (parsed) found.push({ ...parsed, name: secret.Name!, requester: secret.Tags?.find((t) => t.Key === REQUESTER_TAG)?.Value ?? null });
      }
      token = page.NextToken;
    } while (token);
    return found;
  }

  /** The text of each record, 20 to a request; a record deleted meanwhile is simply absent. */
  async function values(wanted: string[]): Promise<Map<string, string>> {
    const chunks: string[][] = [];
    for (let i = 0; i < wanted.length; i += BATCH) chunks.push(wanted.slice(i, i + BATCH));
    const texts = new Map<string, string>();
    await mapLimit(chunks, 4, async (chunk) => {
      let token: string | undefined;
      do {
        const answer = await client
          .sm(`${chunk.length} request records`, (c, sdk) => c.send(new sdk.BatchGetSecretValueCommand({ SecretIdList: chunk, NextToken: token })))
          .catch((error: unknown) => Promise.reject(refused(error, 'read')));
        for (const value of answer.SecretValues ?? []) if (value.Name && value.SecretString !== undefined) texts.set(value.Name, value.SecretString);
        const denied = (answer.Errors ?? []).find((e) => e.ErrorCode !== 'ResourceNotFoundException');
        if (denied) throw refused(new AppError('FORBIDDEN', `${denied.SecretId ?? 'a record'}: ${denied.ErrorCode ?? 'refused'}`), 'read');
        token = answer.NextToken;
      } while (token);
    });
    return texts;
  }

  return {
    async list({ requester, idPrefix, skipEnded }) {
      const byId = new Map<string, Partial<Record<Slot, Listed>>>();
      for (const record of await names()) byId.set(record.id, { ...byId.get(record.id), [record.slot]: record });
      const wanted = [...byId].filter(([id, slots]) => {
        if (idPrefix !== undefined && !id.startsWith(idPrefix)) return false;
        if (requester !== undefined && slots.request?.requester !== requester) return false;
        return !(skipEnded && (slots.end || slots.revoked));
      });
      const texts = await values(wanted.flatMap(([, slots]) => Object.values(slots).map((r) => r.name)));
      return wanted.map(([id, slots]): LedgerItem => {
        const read = (slot: Slot) => (slots[slot] ? texts.get(slots[slot].name) : undefined);
        const stored = { request: read('request'), decision: read('decision'), requesterEnd: read('end'), approverEnd: read('revoked') };
        // Who filed it, as IAM let them tag it (the requester policy allows only their own user id).
        return { id, filedUnder: slots.request?.requester ?? null, ...decodeItem(stored) };
      });
    },

    async write(id, slot, requesterId, record, what) {
      const name = `${base}${id}/${slot}`;
      try {
        await client.sm(what, (c, sdk) =>
          c.send(new sdk.CreateSecretCommand({ Name: name, SecretString: encodeRecord(record), Description: `Latchkey access request ${id}: ${slot}`, Tags: [{ Key: REQUESTER_TAG, Value: requesterId }] })),
        );
      } catch (error) {
        if (isAppError(error) && error.code === 'CONFLICT') {
          throw alreadyWritten(what, backend);
        }
        throw refused(error, 'write to');
      }
    },
  };
}

/** `<base><16 hex>/<slot>` → its parts; anything else under the base is not a record of ours. */
function parseName(name: string, base: string): { id: string; slot: Slot } | null {
  if (!name.startsWith(base)) return null;
  const match = /^([0-9a-f]{16})\/(request|decision|end|revoked)$/.exec(name.slice(base.length));
  return match ? { id: match[1]!, slot: match[2] as Slot } : null;
}
