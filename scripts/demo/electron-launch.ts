import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The Electron binary `npm start` fetched (node_modules/electron/path.txt), or null. Never downloads. */
export function electronBinary(root: string): string | null {
  const dir = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = path.join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

/** Why the desktop app cannot open here (then the demo serves the same renderer to a browser), or null. */
export function electronUnavailable(binary: string | null, platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string | null {
  if (env.LATCHKEY_DEMO_BROWSER === '1') return 'LATCHKEY_DEMO_BROWSER=1 asks for the browser';
  if (!binary) return 'no Electron binary (`npm start` downloads it on first start)';
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) return 'no display ($DISPLAY and $WAYLAND_DISPLAY are unset)';
  return null;
}

/** Opens the app from source on `home` as a demo (main shows DEMO; only an unpackaged app honours it). */
export function openApp(binary: string, root: string, home: string): ChildProcess {
  const env: NodeJS.ProcessEnv = { ...process.env, LATCHKEY_HOME: home, LATCHKEY_DEMO: '1' };
  delete env.ELECTRON_RUN_AS_NODE;
  return spawn(binary, [root], { cwd: root, env, stdio: 'inherit' });
}
