import path from 'node:path';
import { AppError } from '../../shared/errors';

/** What runs the CLI that ships with this copy of Latchkey: a program and its leading arguments. */
export interface CliRuntime {
  /** The app's own executable (packaged: it runs the packed CLI bundle with `--cli`), or Node. */
  command: string;
  /** `['--cli']` for the app; the CLI script for Node. */
  args: string[];
}

/** The first line after the shebang: how Latchkey recognises a launcher it wrote (and may replace). */
export const LAUNCHER_MARKER = 'latchkey: installed by the Latchkey app (Settings > Install the latchkey command)';

export interface LauncherPlace {
  platform: NodeJS.Platform;
  home: string;
  env: NodeJS.ProcessEnv;
}

/**
 * Where the command goes: a per-user folder, so installing never needs an administrator. Linux and macOS:
 * `~/.local/bin` (the XDG user bin; most Linux shells put it on PATH when it exists). Windows: a folder
 * under `%LOCALAPPDATA%` (the user adds it to PATH once; the path hint says how).
 */
export function launcherPath(place: LauncherPlace): string {
  if (place.platform === 'win32') {
    const local = place.env.LOCALAPPDATA || path.win32.join(place.home, 'AppData', 'Local');
    return path.win32.join(local, 'Programs', 'Latchkey', 'bin', 'latchkey.cmd');
  }
  return path.posix.join(place.home, '.local', 'bin', 'latchkey');
}

/**
 * The launcher's text: a few lines that run the shipped CLI with the user's arguments, like VS Code's
 * `code` command. Paths are written out whole, so moving the app means installing again (Settings says so).
 */
export function launcherText(platform: NodeJS.Platform, runtime: CliRuntime): string {
  const argv = [runtime.command, ...runtime.args];
  if (platform === 'win32') {
    // cmd.exe expands %VAR% even inside quotes, and a `"` would end the quoting: refuse both.
    for (const part of argv) {
      if (/["%\r\n]/.test(part)) throw new AppError('BAD_REQUEST', `The Latchkey install path contains a character a Windows command file cannot quote: ${part}`, 'Install Latchkey in a folder without " or % in its name.');
    }
    return ['@echo off', `rem ${LAUNCHER_MARKER}`, `${argv.map((p) => `"${p}"`).join(' ')} %*`, ''].join('\r\n');
  }
  return ['#!/bin/sh', `# ${LAUNCHER_MARKER}`, '# Runs the CLI that ships with the app; install it again from Settings after moving the app.', `exec ${argv.map(shellQuote).join(' ')} "$@"`, ''].join('\n');
}

/** Single quotes keep everything literal in sh; a quote inside is closed, escaped and reopened. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** Whether `dir` is one of PATH's entries (the platform's separator; case-insensitive on Windows). */
export function onPath(dir: string, place: LauncherPlace): boolean {
  const pathVar = place.platform === 'win32' ? (place.env.Path ?? place.env.PATH ?? '') : (place.env.PATH ?? '');
  const api = place.platform === 'win32' ? path.win32 : path.posix;
  const norm = (p: string) => {
    const resolved = api.resolve(p.replace(/^~(?=$|[/\\])/, place.home));
    return place.platform === 'win32' ? resolved.toLowerCase() : resolved;
  };
  const wanted = norm(dir);
  return pathVar.split(api.delimiter).filter(Boolean).some((entry) => norm(entry) === wanted);
}

/** How to put the folder on PATH, in words, when it is not. */
export function pathHint(dir: string, platform: NodeJS.Platform): string {
  if (platform === 'win32') return `Add ${dir} to your user PATH (System Properties > Environment Variables), then open a new terminal.`;
  const profile = platform === 'darwin' ? '~/.zprofile' : '~/.profile';
  return `Add ${dir} to your PATH: put the line export PATH="$HOME/.local/bin:$PATH" in ${profile}, then open a new terminal.`;
}
