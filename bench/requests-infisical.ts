import { TeamProfile } from '../shared/profile';
import { createServices } from '../electron/services';
import { mapLimit } from '../electron/util/map-limit';
import { SAMPLE, startInfisicalSimulator } from '../test/fakes/infisical';
import { addMembership, addUser } from '../test/fakes/infisical/builders';
import { readRule, simHttp } from '../test/fakes/infisical/http-helper';
import { MemoryStore } from '../test/support/memory-store';
import type { InboxRow } from './requests';
import { median, timeRuns } from './stats';
import { tempDir } from './world';

const PENDING = 1000;

/**
 * Infisical: 1,000 pending native access requests on the simulator, each from its own person (Infisical refuses
 * a second pending request for the same access), filed through the real request route; the approver (the
 * sample lead, signed in with email + password) lists them. Nothing is signed: the server vouches for each.
 */
export async function benchInfisicalInbox(runs: number): Promise<InboxRow> {
  const sim = await startInfisicalSimulator({ seed: 'sample' });
  let requests = 0;
  const services = await createServices({ dataDir: await tempDir('requests-inf'), secretStore: new MemoryStore(), backendHttp: { onRequest: () => void requests++ } });
  try {
    const profile = TeamProfile.parse({
      version: 1, team: 'bench',
      backends: [{ name: 'bench', kind: 'infisical', url: sim.url, auth: { method: 'password' } }],
      environments: [{ ref: 'bench:payments/staging', approvers: [SAMPLE.users.lead.email] }],
    });
    for (const backend of profile.backends) await services.backends.upsert(backend);
    await services.profiles.save(profile);
    await (await services.registry.get('bench')).login({ method: 'password', ...SAMPLE.users.lead, organization: 'acme' });
    await services.access.setup('bench', { dryRun: false });

    const project = sim.state.projects.find((p) => p.slug === 'payments')!;
    const call = simHttp(sim.url);
    await mapLimit(Array.from({ length: PENDING }, (_, i) => i), 16, async (i) => {
      const user = addUser(sim.state, { email: `person-${i}@bench.invalid`, firstName: 'Bench', lastName: `Person ${i}`, password: 'fake-bench-password' });
      addMembership(sim.state, project.id, { id: user.id, type: 'user' }, ['viewer']);
      const made = await call('POST', '/api/v1/access-approvals/requests?projectSlug=payments', {
        token: sim.userToken(user.email),
        body: { permissions: readRule('staging'), isTemporary: true, temporaryRange: '1h', note: `BENCH-${i}: a pending request for the bench` },
      });
      if (made.status !== 200) throw new Error(`the simulator refused request ${i}: ${made.status}`);
    });

    const counted = async () => {
      requests = 0;
      const { requests: listed, problems } = await services.access.list('inbox');
      if (problems.length > 0) throw new Error(problems.map((p) => p.message).join('; '));
      return { listed: listed.length, requests };
    };
    const started = performance.now();
    const cold = await counted();
    const coldMs = performance.now() - started;
    const timed = await timeRuns(runs, counted);
    for (const seen of [cold, timed.last]) if (seen.listed !== PENDING) throw new Error(`Infisical: the inbox listed ${seen.listed} requests, expected ${PENDING}`);
    return { backend: 'Infisical (simulator, native access approvals)', pending: PENDING, coldRequests: cold.requests, coldMs, requests: timed.last.requests, ms: median(timed.ms) };
  } finally {
    await services.close();
    await sim.close();
  }
}
