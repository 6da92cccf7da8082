import { spawn } from 'node:child_process';
import { BIN } from '../../support/cli';
import { DEV } from './export-world';

/** `latchkey mount <ref> ... --json` as a real process; resolves with the mount once it is ready to be read. */
export async function startMount(home: string, args: string[], ref = DEV) {
  const child = spawn(process.execPath, [BIN, 'mount', ref, '--json', ...args], { env: { ...process.env, LATCHKEY_HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (c) => (stderr += c));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const mount = await new Promise<{ id: string; path: string }>((resolve, reject) => {
    child.stdout!.on('data', (c) => {
      stdout += c;
      try {
        resolve(JSON.parse(stdout));
      } catch {
        // not complete yet
      }
    });
    void exited.then((code) => reject(new Error(`mount exited ${code} before it was ready: ${stderr}`)));
  });
  return { child, mount, exited, stderr: () => stderr };
}
