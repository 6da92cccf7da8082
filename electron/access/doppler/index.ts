import { parseEnvRef } from '../../../shared/backends';
import { AppError } from '../../../shared/errors';
import { tokenKind } from '../../backends/doppler/client';
import type { DopplerBackend } from '../../backends/doppler/adapter';
import type { AccessBackend, Me } from '../backend';
import { createDopplerLedger } from './ledger';
import { setupDoppler } from './setup';

interface MeBody {
  slug?: string;
  name?: string;
  /** Listed as optional in Doppler's API schema: the person or service account behind the token. */
  principal?: { type?: string; slug?: string } | null;
}

/** Access requests on Doppler: signed records in a dedicated config, read-only service tokens as grants. */
export function createDopplerAccess(adapter: DopplerBackend, where: { project: string; config: string }): AccessBackend {
  const client = adapter.client;
  const ledger = createDopplerLedger(client, where);
  const name = adapter.name;

  /** The workplace user behind a personal token, named by email (how approvers are listed in the profile). */
  async function whoami(): Promise<Me> {
    if (tokenKind(await client.currentToken()) === 'service') {
      throw new AppError('BAD_REQUEST', `${name} is signed in with a service token; access requests need a person's token.`,
        'Sign in with your personal token.', { next: { action: 'login', backend: name } });
    }
    const me = await client.call<MeBody>({ method: 'GET', path: '/v3/me', what: 'the token' });
    const userSlug = me?.principal?.type === 'workplace_user' ? me.principal.slug : undefined;
    if (userSlug) {
      const user = await client.call<{ workplace_user?: { user?: { email?: string; name?: string; username?: string } } }>({
        method: 'GET',
        path: `/v3/workplace/users/${encodeURIComponent(userSlug)}`,
        what: 'your workplace user',
      });
      const email = user?.workplace_user?.user?.email;
      if (email) return { id: userSlug, name: email, names: [email, user.workplace_user?.user?.username ?? ''].filter(Boolean) };
    }
    // Without a principal we only know the token: its name stands in for the person.
    return { id: `token:${me?.slug ?? 'unknown'}`, name: me?.name ?? 'unknown', names: [me?.name ?? ''].filter(Boolean) };
  }

  const scopeOf = (ref: string) => {
    const { project, env } = parseEnvRef(ref);
    return { project, config: env };
  };

  return {
    name,
    kind: 'doppler',
    grantsTo: 'device',
    whoami,
    listMine: async (me) => (await ledger.all()).filter((item) => item.request?.body.requester.id === me.id),
    listAll: async () => (await ledger.all()).filter((item) => !item.requesterEnd && !item.approverEnd),
    find: async (idPrefix) => (await ledger.all()).filter((item) => item.id.startsWith(idPrefix)),
    putRequest: (_me, request) => ledger.write(request.body.id, 'REQUEST', request, `request ${request.body.id}`),
    putDecision: (item, decision) => ledger.write(item.id, 'DECISION', decision, `a decision on request ${item.id}`),
    putEnd: (item, end, side) => ledger.write(item.id, side === 'requester' ? 'END' : 'REVOKED', end, `the end of request ${item.id}`),
    confirmRequester: async () => null,
    checkGrantable: () => undefined,

    async issueGrant(env, request, seconds) {
      const body = await client.call<{ token?: { key?: string; slug?: string } }>({
        method: 'POST',
        path: '/v3/configs/config/tokens',
        body: { project: env.project, config: env.env, name: `latchkey-${request.id}`, access: 'read', expire_at: Math.floor(Date.now() / 1000) + seconds },
        what: `${env.project}/${env.env}`,
      });
      if (!body?.token?.key || !body.token.slug) throw new AppError('BACKEND_UNAVAILABLE', `${name} made no service token for ${env.project}/${env.env}.`, 'Retry later.');
      return { type: 'doppler-service-token', material: body.token.key, handle: body.token.slug };
    },

    // A service token travels as is (sealed); Doppler has no single-use wrapping, so no interception check.
    // Anyone may write the ledger: the token must open exactly the config that was asked for.
    async receiveGrant(material, _envelope, expect) {
      const { project, config } = scopeOf(expect.ref);
      try {
        const scope = await client.call<Record<string, string>>({ method: 'GET', path: '/v3/configs/config/secrets/download', query: { format: 'json', secrets: 'DOPPLER_PROJECT,DOPPLER_CONFIG' }, token: material, what: 'the grant token' });
        if (scope?.DOPPLER_PROJECT === project && scope.DOPPLER_CONFIG === config) return { ok: true, credential: material };
        return { ok: false, reason: 'not-a-grant', detail: `the token opens ${scope?.DOPPLER_PROJECT ?? '?'}/${scope?.DOPPLER_CONFIG ?? '?'}, not ${project}/${config}` };
      } catch (error) {
        if (error instanceof AppError && error.code === 'UNAUTHENTICATED') return { ok: false, reason: 'expired', detail: 'Doppler no longer accepts the token (it ended or was revoked)' };
        throw error;
      }
    },

    async revokeGrant(envelope, request) {
      const { project, config } = scopeOf(request.ref);
      try {
        await client.call({ method: 'DELETE', path: '/v3/configs/config/tokens/token', body: { project, config, slug: envelope.handle }, what: `the grant token of request ${request.id}` });
      } catch (error) {
        if (!(error instanceof AppError && error.code === 'NOT_FOUND')) throw error;
      }
    },

    async giveBack(credential) {
      try {
        await client.call({ method: 'POST', path: '/v3/auth/revoke', body: { token: credential }, token: credential, what: 'the grant token' });
      } catch (error) {
        if (!(error instanceof AppError && error.code === 'UNAUTHENTICATED')) throw error;
      }
    },

    setup: (options) => setupDoppler(client, where, options),
  };
}
