import { createServices } from '../electron/services';
import type { EnvLocator } from '../electron/backends/types';
import { dataPath } from '../electron/backends/vault/capabilities';
import { mapLimit } from '../electron/util/map-limit';
import { TeamProfile } from '../shared/profile';
import { MemoryStore } from '../test/support/memory-store';
import { fmtMs, fmtRatio, median, table, timeRuns } from './stats';
import { fakeValues, rootClient, tempDir } from './world';

export interface AccessRow {
  envs: number;
  granted: number;
  catalogRequests: number;
  catalogMs: number;
  accessRequests: number;
  accessMs: number;
  naiveRequests: number;
  naiveMs: number;
  naiveParallelMs: number;
  naiveRuns: number;
}

const ENVS_PER_PROJECT = 10;
const NAIVE_PARALLEL = 8;

/**
 * Access discovery for a team profile of `size` environments on a fresh KV mount: the limited token may
 * read 4 of every 10 environments and list the mount. Latchkey's catalog listing (discover + ONE
 * capabilities-self) against the naive one-capabilities-self-per-path loop, same token and server.
 */
export async function benchAccess(bao: { address: string; token: string }, size: number, runs: number, naiveRuns: number): Promise<AccessRow> {
  const root = rootClient(bao.address, bao.token);
  const mount = await root.kvMount();
  const paths = Array.from({ length: size }, (_, i) => `p${Math.floor(i / ENVS_PER_PROJECT)}/e${i % ENVS_PER_PROJECT}`);
  await mapLimit(paths, 8, (p) => root.put(mount, p, fakeValues(2)));
  // A fixed-size policy (4 rules whatever the size), so the server's per-path policy work does not grow
  // with N: environments e0, e3, e6, e9 of every project are readable (40%), the rest are not.
  const grantedEnvs = ['e0', 'e3', 'e6', 'e9'];
  const granted = paths.filter((_, i) => grantedEnvs.includes(`e${i % ENVS_PER_PROJECT}`));
  await root.policy(`bench-${mount}`, [
    ...grantedEnvs.map((e) => `path "${mount}/data/+/${e}" { capabilities = ["read"] }`),
    `path "${mount}/metadata/*" { capabilities = ["list", "read"] }`,
    `path "${mount}/metadata/" { capabilities = ["list"] }`,
  ].join('\n'));
  const token = await root.token([`bench-${mount}`]);

  const profile = TeamProfile.parse({
    version: 1,
    team: 'bench',
    backends: [{ name: 'bench', kind: 'vault', url: bao.address, kvMount: mount, auth: { method: 'token' } }],
    environments: paths.map((p, i) => ({ ref: `bench:${p}`, ...(i % 3 === 1 ? { approvers: ['lead@bench.test'] } : {}) })),
  });
  let requests = 0;
  const services = await createServices({
    dataDir: await tempDir('access'),
    secretStore: new MemoryStore(),
    backendHttp: { onRequest: () => void requests++ },
  });
  try {
    for (const backend of profile.backends) await services.backends.upsert(backend);
    await services.profiles.save(profile);
    const adapter = await services.registry.get('bench');
    await adapter.login({ method: 'token', token });

    const counted = async <T>(fn: () => Promise<T>) => {
      requests = 0;
      const value = await fn();
      return { value, requests };
    };
    const catalog = await timeRuns(runs, () => counted(() => services.catalog.list()));
    const envs = catalog.last.value;
    const grantedSeen = envs.filter((e) => e.access === 'granted').length;
    if (envs.length !== size || grantedSeen !== granted.length) {
      throw new Error(`catalog saw ${envs.length} envs / ${grantedSeen} granted, expected ${size} / ${granted.length}`);
    }
    const locators: EnvLocator[] = envs.map((e) => ({ ref: e.ref, project: e.project, env: e.env, path: e.path }));
    const access = await timeRuns(runs, () => counted(() => adapter.access(locators)));

    // The naive way: one capabilities-self per path, same token, plain fetch (keep-alive): cheaper per call
    // than Latchkey's wrapper, so the ratio is if anything kind to the naive side.
    const askOne = async (env: EnvLocator) => {
      const p = dataPath(mount, env);
      const res = await fetch(`${bao.address}/v1/sys/capabilities-self`, {
        method: 'POST',
        headers: { 'X-Vault-Token': token, 'Content-Type': 'application/json' },
        body: JSON.stringify({ paths: [p] }),
      });
      if (!res.ok) throw new Error(`naive capabilities-self: HTTP ${res.status}`);
      const body = (await res.json()) as { data?: Record<string, string[]> };
      return body.data?.[p]?.includes('read') ?? false;
    };
    // One warm-up for the long naive loops only when runs are cheap: at 1,000 paths the server is warm already.
    const naiveWarmup = naiveRuns < runs ? 0 : 1;
    const naive = await timeRuns(naiveRuns, async () => {
      const answers: boolean[] = [];
      for (const env of locators) answers.push(await askOne(env));
      return answers;
    }, naiveWarmup);
    const naiveParallel = await timeRuns(naiveRuns, () => mapLimit(locators, NAIVE_PARALLEL, askOne), naiveWarmup);
    const naiveGranted = naive.last.filter(Boolean).length;
    if (naiveGranted !== granted.length) throw new Error(`naive saw ${naiveGranted} granted, expected ${granted.length}`);

    return {
      envs: size,
      granted: granted.length,
      catalogRequests: catalog.last.requests,
      catalogMs: median(catalog.ms),
      accessRequests: access.last.requests,
      accessMs: median(access.ms),
      naiveRequests: locators.length,
      naiveMs: median(naive.ms),
      naiveParallelMs: median(naiveParallel.ms),
      naiveRuns,
    };
  } finally {
    await services.close();
  }
}

export function accessTable(rows: AccessRow[], runs: number): string {
  return table(
    ['envs (granted)', 'catalog list: req', 'catalog list: ms', 'access() only: req', 'access() only: ms',
      'naive: req', 'naive sequential: ms', `naive ${NAIVE_PARALLEL} in flight: ms`, 'req ratio naive/catalog',
      'time ratio naive seq/catalog', 'time ratio naive seq/access()'],
    rows.map((r) => [
      `${r.envs} (${r.granted})`,
      r.catalogRequests, fmtMs(r.catalogMs), r.accessRequests, fmtMs(r.accessMs),
      r.naiveRequests, `${fmtMs(r.naiveMs)}${r.naiveRuns !== runs ? ` (${r.naiveRuns} runs)` : ''}`, fmtMs(r.naiveParallelMs),
      fmtRatio(r.naiveRequests / r.catalogRequests), fmtRatio(r.naiveMs / r.catalogMs), fmtRatio(r.naiveMs / r.accessMs),
    ]),
  );
}
