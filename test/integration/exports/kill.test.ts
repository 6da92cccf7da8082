import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { tempNamePattern } from '../../../electron/fs/atomic';
import { cleanupStaleTemps } from '../../../electron/exports/writer';
import { exportVersion, VERSION_COUNT } from '../../fixtures/exports/export-versions';
import { useTempDirs } from '../../support/temp-dir';

const KILLS = 50;
const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

interface WarmChild {
  child: ChildProcessWithoutNullStreams;
  ready: Promise<void>;
  exited: Promise<NodeJS.Signals | null>;
  stderr: () => string;
}

/** Starts a writer child that loads and then waits for "go": node start-up overlaps the previous round. */
function startChild(script: string, target: string, versionFiles: string[]): WarmChild {
  const child = spawn(process.execPath, [script, target, ...versionFiles], { stdio: 'pipe' });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.once('data', () => resolve());
    child.once('exit', () => reject(new Error(`writer child exited before writing: ${stderr}`)));
  });
  return { child, ready, exited, stderr: () => stderr };
}

async function runAndKill(warm: WarmChild, delayMs: number): Promise<void> {
  await warm.ready;
  warm.child.stdin.write('go\n');
  await new Promise((resolve) => setTimeout(resolve, delayMs));
  warm.child.kill('SIGKILL');
  expect(await warm.exited, warm.stderr()).toBe('SIGKILL');
}

describe('writer under SIGKILL', () => {
  const tempDir = useTempDirs();

  it(`leaves the target absent or one complete version after ${KILLS} kills at random points`, async () => {
    const work = await tempDir();
    const script = path.join(work, 'kill-writer-child.mjs');
    await build({
      entryPoints: [path.resolve('test/fixtures/exports/kill-writer-child.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile: script,
      logLevel: 'silent',
    });
    const versions = Array.from({ length: VERSION_COUNT }, (_, v) => exportVersion(v));
    const versionFiles = await Promise.all(
      versions.map(async (text, v) => {
        const file = path.join(work, `version-${v}.env`);
        await fs.writeFile(file, text);
        return file;
      }),
    );
    const complete = new Set(versions.map(sha256));
    const dir = path.join(work, 'out');
    await fs.mkdir(dir);
    const name = '.env';
    const target = path.join(dir, name);
    const temps = tempNamePattern(name);
    let tornTemps = 0;
    let targetPresent = 0;

    let next = startChild(script, target, versionFiles);
    for (let round = 0; round < KILLS; round += 1) {
      const current = next;
      // Every fifth round starts from nothing, so "absent" is a reachable outcome too.
      if (round % 5 === 0) await fs.rm(target, { force: true });
      await current.ready;
      if (round + 1 < KILLS) next = startChild(script, target, versionFiles);
      await runAndKill(current, Math.floor(Math.random() * 60));

      const entries = await fs.readdir(dir);
      for (const entry of entries) {
        expect(entry === name || temps.test(entry), `unexpected file ${entry}`).toBe(true);
      }
      if (entries.includes(name)) {
        targetPresent += 1;
        const content = await fs.readFile(target);
        expect(complete.has(sha256(content)), `round ${round}: target is not one complete version (${content.length} bytes)`).toBe(true);
        expect((await fs.stat(target)).mode & 0o777).toBe(0o600);
      }
      const leftovers = entries.filter((entry) => temps.test(entry));
      tornTemps += leftovers.length;
      expect((await cleanupStaleTemps(dir, name, { olderThanMs: 0 })).sort()).toEqual(leftovers.sort());
      expect((await fs.readdir(dir)).filter((entry) => entry !== name)).toEqual([]);
    }
    // The kills must land both mid-write (a temp left behind) and after complete writes, or this proved little.
    expect(tornTemps).toBeGreaterThan(0);
    expect(targetPresent).toBeGreaterThan(0);
  }, 60_000);
});
