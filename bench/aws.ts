import { DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createServices } from '../electron/services';
import type { EnvLocator } from '../electron/backends/types';
import { mapLimit } from '../electron/util/map-limit';
import { startMoto } from '../test/setup/moto-server';
import { MotoWorld, READER_ACTIONS, type AwsKeys } from '../test/support/aws';
import { MemoryStore } from '../test/support/memory-store';
import { fmtMs, median, table, timeRuns } from './stats';
import { tempDir } from './world';

const SIZES = [10, 100, 500];
const PARALLEL = 8;

interface AwsRow {
  envs: number;
  catalog: { requests: number; ms: number };
  batch: { requests: number; ms: number };
  alone: { requests: number; ms: number };
  describe: { requests: number; ms: number; wrong: number };
}

/**
 * Access discovery on AWS Secrets Manager (a real moto server, IAM enforced): Latchkey's catalog listing
 * (ListSecrets pages + BatchGetSecretValue, 20 secrets a request), the same for an identity without
 * secretsmanager:BatchGetSecretValue (one GetSecretValue per secret), and the metadata-only alternative
 * (DescribeSecret per secret), whose "yes" is wrong for an identity that may describe but not read.
 */
export async function awsPart(runs: number): Promise<void> {
  const moto = await startMoto({ enforceIam: true });
  try {
    const rows: AwsRow[] = [];
    for (const size of SIZES) {
      process.stderr.write(`aws: ${size} environments…\n`);
      rows.push(await benchSize({ endpoint: moto.endpoint, region: moto.region, admin: moto.admin!, otherAccount: moto.otherAccount! }, size, runs));
    }
    console.log(`\n## AWS Secrets Manager access (moto, IAM enforced; medians of ${runs} runs after 1 warm-up)\n`);
    console.log(
      table(
        ['envs', 'catalog list: req', 'catalog list: ms', 'access(): req', 'access(): ms', 'no BatchGet: req', 'no BatchGet: ms', `DescribeSecret ×N (${PARALLEL} in flight): req`, 'ms', 'its wrong "yes" (may describe, not read)'],
        rows.map((r) => [r.envs, r.catalog.requests, fmtMs(r.catalog.ms), r.batch.requests, fmtMs(r.batch.ms), r.alone.requests, fmtMs(r.alone.ms), r.describe.requests, fmtMs(r.describe.ms), `${r.describe.wrong} of ${r.envs}`]),
      ),
    );
  } finally {
    await moto.stop();
  }
}

async function benchSize(context: ConstructorParameters<typeof MotoWorld>[0], size: number, runs: number): Promise<AwsRow> {
  const world = new MotoWorld(context);
  try {
    const paths = Array.from({ length: size }, (_, i) => `p${Math.floor(i / 10)}/e${i % 10}`);
    await mapLimit(paths, PARALLEL, (p) => world.secret(p, { BENCH_KEY: 'fake-value-not-real' }));
    const reader = await world.user(READER_ACTIONS);
    const legacy = await world.user(['secretsmanager:ListSecrets', 'secretsmanager:GetSecretValue']);
    const describer = await world.user(['secretsmanager:ListSecrets', 'secretsmanager:DescribeSecret']);

    const catalog = await measure(world, reader, runs, async (services) => {
      const envs = await services.catalog.list();
      if (envs.length !== size || envs.some((e) => e.access !== 'granted')) throw new Error(`catalog saw ${envs.length} envs, not all granted`);
    });
    const locators: EnvLocator[] = paths.map((p) => ({ ref: `bench:${p}`, project: p.split('/')[0]!, env: p.split('/')[1]!, path: `${world.prefix}${p}` }));
    const accessOnly = (keys: AwsKeys) =>
      measure(world, keys, runs, async (services) => {
        const access = await (await services.registry.get('bench')).access(locators);
        if ([...access.values()].some((a) => a !== 'granted')) throw new Error('access() denied a readable secret');
      });
    const batch = await accessOnly(reader);
    const alone = await accessOnly(legacy);

    const client = new SecretsManagerClient({ region: context.region, endpoint: context.endpoint, credentials: describer });
    let wrong = 0;
    const described = await timeRuns(runs, async () => {
      const answers = await mapLimit(paths, PARALLEL, (p) => client.send(new DescribeSecretCommand({ SecretId: `${world.prefix}${p}` })).then(() => true, () => false));
      wrong = answers.filter(Boolean).length;
    });
    client.destroy();
    // The describer may not read: Latchkey's answer for the same identity is "denied", every time.
    await measure(world, describer, 1, async (services) => {
      const access = await (await services.registry.get('bench')).access(locators);
      if ([...access.values()].some((a) => a !== 'denied')) throw new Error('access() granted a secret the identity may not read');
    });
    return { envs: size, catalog, batch, alone, describe: { requests: size, ms: median(described.ms), wrong } };
  } finally {
    world.close();
  }
}

/** Times `fn` against fresh services signed in as `keys`, counting every HTTP attempt the adapter makes. */
async function measure(world: MotoWorld, keys: AwsKeys, runs: number, fn: (services: Awaited<ReturnType<typeof createServices>>) => Promise<void>) {
  let requests = 0;
  // TTL 0: every run asks AWS (access answers are never cached anyway).
  const services = await createServices({ dataDir: await tempDir('aws'), secretStore: new MemoryStore(), env: { LATCHKEY_CACHE_TTL: '0' }, backendHttp: { onRequest: () => void requests++ } });
  try {
    await services.backends.upsert(world.config('bench'));
    await (await services.registry.get('bench')).login({ method: 'keys', ...keys });
    const timed = await timeRuns(runs, async () => {
      requests = 0;
      await fn(services);
      return requests;
    });
    return { requests: timed.last, ms: median(timed.ms) };
  } finally {
    await services.close();
  }
}
