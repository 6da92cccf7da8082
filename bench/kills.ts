import type { KillReport } from '../test/fixtures/exports/kill-harness';
import type { OpenBaoServer } from '../test/setup/openbao-server';
import { runInKeyringSession } from './cli-runner';
import { table } from './stats';

/** Issue 8: 1,000 random kill points across export, extend, mount, revoke and sweep, 0 leftovers. */
export const KILL_POINTS = 1000;
/** Not the seed of the 200-point test in `npm test`, so the bench probes other instants. */
const KILL_SEED = 8_000_001;

/** Runs the kill harness (test/fixtures/exports/kill-harness.ts) and prints points, leftovers and time. */
export async function killsPart(bao: OpenBaoServer): Promise<void> {
  process.stderr.write(`kills: ${KILL_POINTS} SIGKILLs of a child running every export operation (inside a private keyring session)…\n`);
  const report = await runInKeyringSession<KillReport>('kills-series.ts', [], {
    stdin: JSON.stringify({ address: bao.address, token: bao.token, points: KILL_POINTS, seed: KILL_SEED }),
    timeoutMs: 30 * 60_000,
    label: 'the kill series',
  });
  console.log(`\n## Kill -9 at random points (seed ${KILL_SEED}; real OpenBao, keychain, git and disk)\n`);
  console.log(table(
    ['points', 'leftovers after the next command', 'broken promises', 'time (s)', 'ms per point', 'where the kills landed'],
    [[report.points, report.leftovers, report.problems.length, (report.ms / 1000).toFixed(1), (report.ms / report.points).toFixed(0),
      Object.entries(report.landed).sort().map(([op, n]) => `${op} ${n}`).join(', ')]],
  ));
  for (const problem of report.problems.slice(0, 10)) console.log(`- ${problem}`);
  console.log('\nAfter each kill: no file under the target\'s folder or the data dir holds a secret byte unless it is a complete, ' +
    'recorded export (or, before the next command, a recorded temp git never shows); `git status` unchanged; the ledger parses. ' +
    'After the next command also: no temp folder, pipe, unfinished record or data-dir temp. Leftovers count what the next command did not clear.');
}
