import { randomBytes } from 'node:crypto';
import { deviceAccessKeys, signBody } from '../electron/access/crypto';
import { encodeRecord, type RequestBody } from '../electron/access/records';
import { loadSodium } from '../electron/identity/sodium';
import { createServices, type Services } from '../electron/services';
import { mapLimit } from '../electron/util/map-limit';
import { TeamProfile } from '../shared/profile';
import { fakeToken, startDopplerSimulator } from '../test/fakes/doppler';
import { MemoryStore } from '../test/support/memory-store';
import { fmtMs, median, table, timeRuns } from './stats';
import { rootClient, tempDir } from './world';

/** Pending requests in the inbox, from this many people (each asks 1,000 / REQUESTERS times). */
const PENDING = 1000;
const REQUESTERS = 50;
const REF = 'bench:payments/staging';

export interface InboxRow {
  backend: string;
  pending: number;
  /** The first look on this device (who am I, then every record read). */
  coldRequests: number;
  coldMs: number;
  /** Later looks (Vault keeps immutable records it has read; Doppler reads the whole ledger in one download). */
  requests: number;
  ms: number;
}

async function requesterDevices() {
  const sodium = await loadSodium();
  return Promise.all(Array.from({ length: REQUESTERS }, async () => {
    const box = sodium.crypto_box_keypair();
    const sign = sodium.crypto_sign_keypair();
    return deviceAccessKeys({ ensure: async () => box, signingKeypair: async () => sign } as never);
  }));
}

/** One signed pending request, as a requester's Latchkey would file it. */
async function signedRequest(device: Awaited<ReturnType<typeof requesterDevices>>[number], requester: { id: string; name: string }) {
  const now = Date.now();
  const body: RequestBody = {
    v: 1, kind: 'request', id: randomBytes(8).toString('hex'), ref: REF, reason: 'BENCH-1: a pending request for the bench',
    durationSeconds: 3600, requester, device: device.public, createdAt: new Date(now).toISOString(), requestExpiresAt: new Date(now + 86_400_000).toISOString(),
  };
  return { body, sig: await signBody('request', body, device.signPrivate) };
}

/** An approver's services with an HTTP request counter. */
async function approver(profile: unknown): Promise<{ services: Services; counted: () => Promise<{ listed: number; requests: number }> }> {
  let requests = 0;
  const services = await createServices({ dataDir: await tempDir('requests'), secretStore: new MemoryStore(), backendHttp: { onRequest: () => void requests++ } });
  const parsed = TeamProfile.parse(profile);
  for (const backend of parsed.backends) await services.backends.upsert(backend);
  await services.profiles.save(parsed);
  return {
    services,
    counted: async () => {
      requests = 0;
      const { requests: listed, problems } = await services.access.list('inbox');
      if (problems.length > 0) throw new Error(problems.map((p) => p.message).join('; '));
      return { listed: listed.length, requests };
    },
  };
}

async function measure(backend: string, counted: () => Promise<{ listed: number; requests: number }>, runs: number): Promise<InboxRow> {
  const started = performance.now();
  const cold = await counted();
  const coldMs = performance.now() - started;
  const timed = await timeRuns(runs, counted);
  for (const seen of [cold, timed.last]) if (seen.listed !== PENDING) throw new Error(`${backend}: the inbox listed ${seen.listed} requests, expected ${PENDING}`);
  return { backend, pending: PENDING, coldRequests: cold.requests, coldMs, requests: timed.last.requests, ms: median(timed.ms) };
}

/** Vault: 1,000 pending requests from 50 entities in a fresh ledger mount; the approver signs in with userpass. */
export async function benchVaultInbox(bao: { address: string; token: string }, runs: number): Promise<InboxRow> {
  const root = rootClient(bao.address, bao.token);
  const data = await root.kvMount();
  const ledger = `bench${randomBytes(3).toString('hex')}`;
  await root.policy(`${ledger}-read`, `path "${data}/data/payments/staging" { capabilities = ["read"] }`);
  await root.call('POST', `sys/auth/${ledger}-up`, { type: 'userpass' });
  await root.call('POST', `auth/${ledger}-up/users/lead`, { password: 'fake-bench-password', token_policies: `${ledger}-requester,${ledger}-approver` });
  const profile = {
    version: 1, team: 'bench',
    backends: [{ name: 'bench', kind: 'vault', url: bao.address, kvMount: data, auth: { method: 'userpass', mount: `${ledger}-up` } }],
    environments: [{ ref: REF, grantPolicy: `${ledger}-read`, approvers: ['lead'] }],
    access: { vault: { mount: ledger } },
  };
  const { services, counted } = await approver(profile);
  try {
    const adapter = await services.registry.get('bench');
    await adapter.login({ method: 'token', token: bao.token });
    await services.access.setup('bench', { dryRun: false });
    await adapter.login({ method: 'userpass', username: 'lead', password: 'fake-bench-password' });
    const devices = await requesterDevices();
    const entities = await mapLimit(devices, 8, async (_, i) => (await root.call('POST', 'identity/entity', { name: `${ledger}-person-${i}` })).data.id as string);
    await mapLimit(Array.from({ length: PENDING }, (_, i) => i), 16, async (i) => {
      const who = i % REQUESTERS;
      const record = await signedRequest(devices[who]!, { id: entities[who]!, name: `person-${who}` });
      await root.call('POST', `${ledger}/data/requests/${entities[who]}/${record.body.id}`, { options: { cas: 0 }, data: { record: encodeRecord(record) } });
    });
    return await measure('Vault/OpenBao (real dev server)', counted, runs);
  } finally {
    await services.close();
  }
}

/** Doppler: 1,000 pending records in the ledger config of the simulator; the approver signs in with a personal token. */
export async function benchDopplerInbox(runs: number): Promise<InboxRow> {
  const lead = fakeToken('dp.pt.', 'benchlead');
  const sim = await startDopplerSimulator({
    seed: { projects: [{ slug: 'payments', secrets: { stg: { KEY: 'fake-bench-value' } } }], tokens: [{ kind: 'personal', key: lead, name: 'lead laptop', access: 'all', user: { email: 'lead@bench.invalid', name: 'Lead' } }] },
    rateLimit: { limit: 100_000 },
  });
  const profile = { version: 1, team: 'bench', backends: [{ name: 'bench', kind: 'doppler', url: sim.url }], environments: [{ ref: REF.replace('staging', 'stg'), approvers: ['lead@bench.invalid'] }] };
  const { services, counted } = await approver(profile);
  try {
    await (await services.registry.get('bench')).login({ method: 'token', token: lead });
    await services.access.setup('bench', { dryRun: false });
    const config = sim.state.projects.find((p) => p.slug === 'latchkey')!.configs.find((c) => c.name === 'requests')!;
    const devices = await requesterDevices();
    for (let i = 0; i < PENDING; i++) {
      const who = i % REQUESTERS;
      const record = await signedRequest(devices[who]!, { id: `user-${who}`, name: `person-${who}@bench.invalid` });
      const body = { ...record.body, ref: REF.replace('staging', 'stg') };
      const signed = { body, sig: await signBody('request', body, devices[who]!.signPrivate) };
      config.secrets.set(`LATCHKEY_${body.id.toUpperCase()}_REQUEST`, { raw: encodeRecord(signed), note: '', visibility: 'masked' });
    }
    return await measure('Doppler (simulator)', counted, runs);
  } finally {
    await services.close();
    await sim.close();
  }
}

export function inboxTable(rows: InboxRow[]): string {
  return table(
    ['backend', 'pending requests', 'first look: HTTP requests', 'first look: ms', 'later looks: HTTP requests', 'later looks: ms (median)'],
    rows.map((r) => [r.backend, r.pending, r.coldRequests, fmtMs(r.coldMs), r.requests, fmtMs(r.ms)]),
  );
}
