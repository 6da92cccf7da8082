import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_TOKENS, startDopplerSimulator, type DopplerSimulator } from '../../fakes/doppler';
import { agentPid, doppler, latchkey, type Run, useAgentHomes, workDir } from '../../support/agent';
import { keyringSkipReason } from '../../support/keyring';

const skip = await keyringSkipReason();
const homes = useAgentHomes();

/** Ids, times and "time left" differ between two runs; everything else must be byte for byte the same. */
function normalize(run: Run): Run {
  const clean = (text: string) =>
    text
      .replace(/\b[0-9a-f]{10}\b/g, '<id>')
      .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<time>')
      .replace(/"secondsLeft": \d+/g, '"secondsLeft": <n>')
      .replace(/\(in [0-9hms]+\)/g, '(in <left>)')
      .replace(/ +[0-9hms]+ left/g, ' <left> left');
  return { code: run.code, stdout: clean(run.stdout), stderr: clean(run.stderr) };
}

describe.skipIf(skip !== null)('the thin CLI (through the agent) and the full CLI (in its own process)', () => {
  let sim: DopplerSimulator;
  let home: string;
  let ref: string;
  let name: string;
  beforeAll(async () => {
    sim = await startDopplerSimulator();
  });
  afterAll(() => sim?.close());

  /** Both paths on one home; the agent (started by the first thin call) keeps no values, as the full CLI. */
  const both = async (args: string[], before?: () => Promise<void>) => {
    const env = { LATCHKEY_CACHE_TTL: '0' };
    await before?.();
    const full = await latchkey(args, { home, env: { ...env, LATCHKEY_NO_AGENT: '1' }, cwd: workDir(home) });
    await before?.();
    const thin = await latchkey(args, { home, env, cwd: workDir(home) });
    return { full: normalize(full), thin: normalize(thin) };
  };

  it('print the same and exit the same for every hot command', async () => {
    home = await homes.home();
    name = await doppler(home, sim.url, SAMPLE_TOKENS.admin);
    ref = `${name}:backend/dev`;
    const cases: Array<[string[], (() => Promise<void>)?]> = [
      [['secrets', ref]],
      [['secrets', ref, '--json']],
      [['secrets', ref, '--reveal', 'API_KEY']],
      [['secrets', ref, '--reveal', 'NO_SUCH_KEY']],
      [['secrets', `${name}:backend/nope`]],
      // A control sequence in a name is shown escaped, not acted on, by both.
      [['secrets', `${name}:backend/dev\u001b[2J`]],
      [['secrets', 'nobody:backend/dev', '--json']],
      [['secrets', 'not-a-ref']],
      [['envs']],
      [['envs', '--json', '--role', 'none']],
      [['exports', '--json']],
      [['revoke', 'feedbeef00']],
      [['revoke', 'feedbeef00', '--json']],
      [['export', ref, '--out', 'app.env', '--keys', 'API_KEY,DB_USER', '--json'], async () => void (await latchkey(['revoke', '--json', ...(await activeIds())], { home }))],
      [['exports']],
      [['export', ref, '--out', 'app.env']],
      [['export', ref, '--out', 'mine.env'], () => writeFile(path.join(workDir(home), 'mine.env'), 'MINE=1\n')],
      [['export', ref, '--out', 'x.env', '--format', 'yaml']],
      [['export', ref, '--out', 'folder/']],
      [['export', ref, '--out', 'x.env', '--ttl', '99d']],
      [['run', ref, '--', process.execPath, '-e', 'process.stdout.write(String(process.env.API_KEY)); process.exit(7)']],
      [['run', ref, '--keys', 'NOPE', '--', 'true']],
      [['run', ref, '--', 'latchkey-no-such-command']],
      [['cache', 'clear']],
    ];
    for (const [args, before] of cases) {
      const { full, thin } = await both(args, before);
      expect(thin, args.join(' ')).toEqual(full);
      expect(thin.stderr).not.toContain('\u001b');
    }
    // The thin path did go through an agent (it would print the same working in-process, too).
    expect(await agentPid(home)).not.toBeNull();
  });

  async function activeIds(): Promise<string[]> {
    const list = JSON.parse((await latchkey(['exports', '--json'], { home, env: { LATCHKEY_NO_AGENT: '1' } })).stdout) as Array<{ id: string }>;
    return list.map((e) => e.id).slice(0, 1);
  }
});
