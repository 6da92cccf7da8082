// Part `doppler` of `npm run bench`: `latchkey export` (CLI process) against the real Doppler CLI's
// `secrets download`, both on one Doppler simulator. The timing runs in bench/doppler-series.ts inside a
// private keyring session; this file starts it, bounds it, and prints the tables.
import { buildCli, runInKeyringSession } from './cli-runner';
import { TOOLS, type DopplerResult, type DopplerRow, type Tool } from './doppler-series';
import { fmtMs, fmtRatio, table } from './stats';

/** 3 sizes × (1 warm-up + runs) × 3 tools, a Latchkey export being ~1 s: 3 minutes is far above a normal run. */
const SERIES_TIMEOUT_MS = 240_000;

function runSeries(cli: string, runs: number): Promise<DopplerResult> {
  return runInKeyringSession<DopplerResult>('doppler-series.ts', [cli, String(runs)], { timeoutMs: SERIES_TIMEOUT_MS, label: 'the Doppler series' });
}

const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
/** "GET /v3/me 200 ×1, GET /v3/configs/config/secrets/download 200 ×1" — which requests one run made. */
const describeRequests = (counts: Record<string, number>) =>
  Object.entries(counts).map(([what, n]) => `${what.replace('/v3/configs/config/secrets/', '…/secrets/')} ×${n}`).join(', ');

const LABEL: Record<Tool, string> = {
  latchkey: 'latchkey export',
  doppler: 'doppler download',
  'doppler-nofallback': 'doppler download --no-fallback',
};

export async function dopplerPart(runs: number): Promise<void> {
  process.stderr.write('doppler: bundling the CLI, then latchkey export vs doppler secrets download (inside a private keyring session)…\n');
  let result: DopplerResult;
  try {
    result = await runSeries(await buildCli(), runs);
  } catch (error) {
    console.log(`\n## Latchkey vs Doppler CLI\n\nThe Doppler series did not run: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  const rows: DopplerRow[] = result.rows;
  console.log(`\n## Latchkey vs Doppler CLI (${result.doppler}; one simulator; medians of ${runs} runs after 1 warm-up, tools taking turns)\n`);
  console.log(table(
    ['secrets', ...TOOLS.map((t) => `${LABEL[t]} (ms)`), 'ratio latchkey / doppler', 'ratio latchkey / doppler --no-fallback', 'goal ≤ 1×', 'same values'],
    rows.map((r) => {
      const ratio = r.ms.latchkey / r.ms.doppler;
      return [r.keys, ...TOOLS.map((t) => fmtMs(r.ms[t])), fmtRatio(ratio), fmtRatio(r.ms.latchkey / r.ms['doppler-nofallback']),
        ratio <= 1 ? 'met' : 'MISSED', r.sameValues ? 'yes' : 'NO'];
    }),
  ));
  console.log(`\nProcess floors, medians of ${runs}: \`node -e 0\` ${fmtMs(result.nodeFloorMs)} ms; \`latchkey --version\` (load the bundle only) ` +
    `${fmtMs(result.latchkeyStartMs)} ms; \`doppler --version\` ${fmtMs(result.dopplerFloorMs)} ms.`);
  const extra = rows.flatMap((r) => [...r.extraKeys.latchkey.map((k) => `latchkey ${k}`), ...r.extraKeys.doppler.map((k) => `doppler ${k}`)]);
  console.log(`Same values = both files parsed with dotenv hold every seeded value; keys only one side wrote: ${extra.length > 0 ? [...new Set(extra)].join(', ') : 'none'}.`);
  console.log(`\n### HTTP requests per export, as the simulator counted them (one timed run each)\n`);
  console.log(table(
    ['secrets', ...TOOLS.map((t) => `${LABEL[t]}: req`), ...TOOLS.map((t) => `${LABEL[t]}: which`)],
    rows.map((r) => [r.keys, ...TOOLS.map((t) => total(r.requests[t])), ...TOOLS.map((t) => describeRequests(r.requests[t]))]),
  ));
}
