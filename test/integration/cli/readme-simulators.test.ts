import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertBundleFresh, BIN, ROOT } from '../../support/cli';
import { keyringSkipReason } from '../../support/keyring';
import { useTempDirs } from '../../support/temp-dir';

const tempDir = useTempDirs();
const skip = await keyringSkipReason();

/** The ```sh block that follows `marker` in README.md, exactly as a reader would copy it. */
async function readmeBlock(marker: string): Promise<string> {
  const readme = await fs.readFile(path.join(ROOT, 'README.md'), 'utf8');
  const after = readme.slice(readme.indexOf(marker));
  const block = /```sh\n([\s\S]*?)```/.exec(after);
  if (readme.indexOf(marker) === -1 || !block) throw new Error(`README.md has no sh block after "${marker}"`);
  return block[1]!;
}

/** Runs a bash script in its own process group, so whatever it leaves behind can be stopped afterwards. */
function bash(script: string, options: { cwd: string; env: NodeJS.ProcessEnv }) {
  const child = spawn('bash', ['-e', '-c', script], { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const done = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
  const killGroup = () => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  return { done, output: () => ({ stdout, stderr }), killGroup };
}

describe.skipIf(skip !== null)('README "Try it without any account"', () => {
  it('the session snippet runs as written: simulators, backends add, login, envs, run, and kill %1 stops them', async () => {
    const snippet = await readmeBlock('A session against it:');
    assertBundleFresh();
    expect(snippet).toContain('npm run -s simulators > /tmp/team.json &');

    // The reader's machine: `latchkey` on PATH (the built CLI), their own data dir and team file.
    const dir = await tempDir();
    const shims = path.join(dir, 'bin');
    await fs.mkdir(shims);
    await fs.writeFile(path.join(shims, 'latchkey'), `#!/bin/sh\nexec '${process.execPath}' '${BIN}' "$@"\n`, { mode: 0o755 });
    const teamFile = path.join(dir, 'team.json');
    const env = {
      ...process.env,
      PATH: `${shims}:${process.env.PATH}`,
      LATCHKEY_HOME: path.join(dir, 'home'),
      // OpenBao is not part of this snippet; skipping it keeps the run short.
      LATCHKEY_SIMULATORS_NO_OPENBAO: '1',
    };
    const run = bash(snippet.replaceAll('/tmp/team.json', teamFile), { cwd: ROOT, env });
    const timeout = setTimeout(run.killGroup, 90_000);
    let code: number;
    try {
      code = await run.done;
    } finally {
      clearTimeout(timeout);
    }
    const { stdout, stderr } = run.output();
    expect(code, stderr).toBe(0);

    const team = JSON.parse(await fs.readFile(teamFile, 'utf8')) as { infisical: { url: string } };
    expect(stdout).toMatch(/^demo-inf:payments\/dev\s+granted/m);
    expect(stdout.trim().split('\n').at(-1)).toBe('sk_test_fake_not_real_dev');

    // `kill %1` stopped the servers (npm passes the signal on): the address stops answering.
    await expect
      .poll(() => fetch(team.infisical.url).then(() => 'answering', () => 'stopped'), { timeout: 15_000 })
      .toBe('stopped');
    run.killGroup();
  }, 120_000);
});
