import { execFile } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { Readable, Writable } from 'node:stream';
import path from 'node:path';
import { promisify } from 'node:util';
import { runCli } from '../../electron/cli/program';

const exec = promisify(execFile);
export const ROOT = path.resolve(import.meta.dirname, '../..');
export const BIN = path.join(ROOT, 'bin', 'latchkey.cjs');

class Sink extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: string, done: () => void) {
    this.text += chunk.toString();
    done();
  }
}

/** Runs the CLI in-process with captured output; `stdin` is piped text (never a TTY). */
export async function cli(args: string[], options: { home: string; stdin?: string; env?: NodeJS.ProcessEnv }) {
  const stdout = new Sink();
  const stderr = new Sink();
  const stdin = Readable.from(options.stdin === undefined ? [] : [options.stdin]) as unknown as NodeJS.ReadStream;
  const env = { ...process.env, ...options.env, LATCHKEY_HOME: options.home };
  const code = await runCli(args, { io: { stdout, stderr }, env, stdin });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/**
 * Starts the CLI in-process and returns at once: `output()` shows what it has printed so far (to wait for a
 * sign-in address), `done` resolves when the command ends.
 */
export function cliStarted(args: string[], options: { home: string; stdin?: string; env?: NodeJS.ProcessEnv }) {
  const stdout = new Sink();
  const stderr = new Sink();
  const stdin = Readable.from(options.stdin === undefined ? [] : [options.stdin]) as unknown as NodeJS.ReadStream;
  const env = { ...process.env, ...options.env, LATCHKEY_HOME: options.home };
  const done = runCli(args, { io: { stdout, stderr }, env, stdin }).then((code) => ({ code, stdout: stdout.text, stderr: stderr.text }));
  return { done, output: () => ({ stdout: stdout.text, stderr: stderr.text }) };
}

let bundleChecked = false;

/**
 * The built CLI must be built from the sources under test: a stale bundle would test old code and pass.
 * `npm test` rebuilds it first; a single-file run after an edit is told to rebuild instead of testing old code.
 */
export function assertBundleFresh(): void {
  if (bundleChecked) return;
  const bundle = path.join(ROOT, 'dist-electron', 'cli.mjs');
  const built = statSync(bundle, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  for (const dir of ['electron', 'shared']) {
    for (const entry of readdirSync(path.join(ROOT, dir), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
      const file = path.join(entry.parentPath, entry.name);
      if (statSync(file).mtimeMs > built) {
        throw new Error(`${path.relative(ROOT, bundle)} is older than ${path.relative(ROOT, file)}: run \`npm run build:main\` (npm test does it first).`);
      }
    }
  }
  bundleChecked = true;
}

/** Runs the built `latchkey` command as a real process (what a user types). */
export async function cliProcess(args: string[], options: { home: string; input?: string; env?: NodeJS.ProcessEnv }) {
  assertBundleFresh();
  try {
    const child = exec(process.execPath, [BIN, ...args], {
      env: { ...process.env, ...options.env, LATCHKEY_HOME: options.home },
      timeout: 60_000,
    });
    if (options.input !== undefined) child.child.stdin?.end(options.input);
    else child.child.stdin?.end();
    const { stdout, stderr } = await child;
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}
