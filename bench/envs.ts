// Part `envs` of `npm run bench`: `latchkey envs` (a CLI process, what a person runs) listing 10,000 and
// 50,000 environments. Issue 8: 10k took 3.9 s and 40k 20.4 s (the catalog grouped environments with an
// O(n²) spread); the target is 50,000 in under 2 s.
// The backend is the Doppler simulator (50,000 configs over 100 projects): its API answers access with one
// paginated listing per project, so the time measured is Latchkey's own. OpenBao would be the server's
// time: its `sys/capabilities-self` costs about half a millisecond per path here (measured below), i.e.
// ~25 s of server work for 50,000 environments before Latchkey prints anything.
// The timing runs in bench/envs-series.ts inside a private keyring session (the CLI reads its token there).
import type { OpenBaoServer } from '../test/setup/openbao-server';
import { buildCli, runInKeyringSession } from './cli-runner';
import { fmtMs, table } from './stats';
import { rootClient } from './world';

export const ENVS_SIZES = [10_000, 50_000];
export const ENVS_TARGET_MS = 2_000;
/** Configs per project (`bench:p<k>/dev_<i>`): 50,000 spread over 100 projects. */
export const ENVS_PER_PROJECT = 500;

export interface EnvsRow {
  environments: number;
  /** Rows printed: every profile environment plus the configs discovered beyond it. */
  rows: number;
  granted: number;
  cliMs: number;
  jsonMs: number;
  /** CPU (user + sys) of the `latchkey envs` process, when /usr/bin/time exists: what load does not inflate. */
  cpuMs: number | null;
  /** HTTP requests the simulator answered for one `latchkey envs`. */
  requests: number;
}

/** Server time of one `sys/capabilities-self` over 900 paths (the batch size Latchkey sends), limited token. */
async function capabilitiesPerPathMs(bao: OpenBaoServer): Promise<number> {
  const root = rootClient(bao.address, bao.token);
  const mount = await root.kvMount();
  await root.policy(`bench-envs-${mount}`, `path "${mount}/data/p0/*" { capabilities = ["read"] }`);
  const token = await root.token([`bench-envs-${mount}`]);
  const paths = Array.from({ length: 900 }, (_, i) => `${mount}/data/p${i % 10}/dev_${i}`);
  const times: number[] = [];
  for (let i = 0; i < 4; i++) {
    const start = performance.now();
    const res = await fetch(`${bao.address}/v1/sys/capabilities-self`, { method: 'POST', headers: { 'X-Vault-Token': token }, body: JSON.stringify({ paths }) });
    await res.text();
    if (i > 0) times.push(performance.now() - start);
  }
  return Math.min(...times) / paths.length;
}

export async function envsPart(bao: OpenBaoServer | undefined, runs: number): Promise<void> {
  process.stderr.write(`envs: bundling the CLI, then latchkey envs over ${ENVS_SIZES.join(' and ')} environments (inside a private keyring session)…\n`);
  let rows: EnvsRow[];
  try {
    ({ rows } = await runInKeyringSession<{ rows: EnvsRow[] }>('envs-series.ts', [await buildCli(), String(runs)], { timeoutMs: 300_000, label: 'the envs series' }));
  } catch (error) {
    console.log(`\n## latchkey envs at scale\n\nThe envs series did not run: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  console.log(`\n## latchkey envs at scale (CLI process on the Doppler simulator; medians of ${runs} runs after 1 warm-up)\n`);
  console.log(table(
    ['environments', 'rows printed', 'granted', 'HTTP requests', 'latchkey envs (ms)', 'its CPU, user + sys (ms)', 'latchkey envs --json (ms)', `target < ${ENVS_TARGET_MS} ms`],
    rows.map((r) => [r.environments, r.rows, r.granted, r.requests, fmtMs(r.cliMs), r.cpuMs === null ? 'n/a' : fmtMs(r.cpuMs), fmtMs(r.jsonMs),
      r.environments === 50_000 ? (r.cliMs < ENVS_TARGET_MS ? 'met' : 'MISSED') : '']),
  ));
  const [small, large] = rows;
  if (small && large) {
    const cpu = small.cpuMs && large.cpuMs ? ` and ${(large.cpuMs / small.cpuMs).toFixed(2)}× the CPU` : '';
    console.log(`\n${large.environments / small.environments}× the environments took ${(large.cliMs / small.cliMs).toFixed(2)}× the time${cpu}. ` +
      'Wall time includes waiting for a busy machine; the CPU column does not.');
  }
  if (bao) {
    const perPath = await capabilitiesPerPathMs(bao);
    console.log(`Why not OpenBao: one \`sys/capabilities-self\` over 900 paths costs the server ${perPath.toFixed(2)} ms per path here, ` +
      `so 50,000 environments are ~${((perPath * 50_000) / 1000).toFixed(0)} s of OpenBao's own work (Latchkey sends them in batches of 900, at once).`);
  }
}
