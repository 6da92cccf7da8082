import { AppError } from '../../../shared/errors';
import type { VaultBackend } from '../../backends/vault/adapter';
import type { AccessBackend } from '../backend';
import type { RecordCache } from '../record-cache';
import { giveBackVaultGrant, issueVaultGrant, receiveVaultGrant, revokeVaultGrant } from './grant';
import { entityAliases, vaultWhoami } from './identity';
import { createVaultLedger } from './ledger';
import { vaultAccessNames } from './policies';
import { setupVault } from './setup';

/** Access requests on Vault/OpenBao: a KV v2 ledger, wrapped orphan tokens as grants. */
export function createVaultAccess(adapter: VaultBackend, settings: { mount: string }, cache?: RecordCache): AccessBackend {
  const client = adapter.client;
  const names = vaultAccessNames(settings.mount);
  const ledger = createVaultLedger(client, names, cache);

  return {
    name: adapter.name,
    kind: 'vault',
    grantsTo: 'device',
    whoami: () => vaultWhoami(client),
    listMine: (me) => ledger.listMine(me.id),
    listAll: () => ledger.listAll({ skipEnded: true }),
    find: (idPrefix) => ledger.listAll({ skipEnded: false, idPrefix }),
    putRequest: (me, request) => ledger.write(ledger.requestPath(me.id, request.body.id), request, `request ${request.body.id}`),
    putDecision: (item, decision) => ledger.write(ledger.decisionPath(item.id), decision, `a decision on request ${item.id}`),
    putEnd: (item, end, side) => {
      if (side === 'approver') return ledger.write(`${ledger.decisionPath(item.id)}.end`, end, `the end of request ${item.id}`);
      if (!item.filedUnder) throw new AppError('NOT_FOUND', `Request ${item.id} is not on ${adapter.name}.`);
      return ledger.write(`${ledger.requestPath(item.filedUnder, item.id)}.end`, end, `the end of request ${item.id}`);
    },

    checkGrantable(env) {
      if (!env.grantPolicy) {
        throw new AppError('BAD_REQUEST', `The team profile gives ${env.ref} no grantPolicy, so ${adapter.name} cannot grant it.`,
          'Ask your team lead to name the Vault policy that reads it (grantPolicy) in the profile.');
      }
    },
    issueGrant: (env, request, seconds) => issueVaultGrant(client, names, env.grantPolicy!, request, seconds),
    receiveGrant: (material, _envelope, expect) => receiveVaultGrant(client, names, material, expect.grantExpiresAt),
    revokeGrant: (envelope) => revokeVaultGrant(client, envelope.handle),
    giveBack: (credential) => giveBackVaultGrant(client, credential),
    setup: (options) => setupVault(client, names, options),

    // The requester policy lets only that entity file under requests/<entity id>/: the path proves who
    // asked; Vault's own alias names prove what they are called.
    async confirmRequester(request, filedUnder) {
      if (filedUnder !== request.requester.id) return `it claims entity ${request.requester.id} but was filed under ${filedUnder ?? 'nothing'}`;
      const aliases = (await entityAliases(client, request.requester.id)).map((a) => a.name ?? '');
      if (aliases.length > 0 && !aliases.includes(request.requester.name)) return `it claims the name ${request.requester.name}, but ${adapter.name} calls that entity ${aliases.join(', ')}`;
      return null;
    },
  };
}
