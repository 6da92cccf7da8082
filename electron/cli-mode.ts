import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CliRuntime } from './cli-install/launcher';

/**
 * `Latchkey --cli <arguments>`: the app's own executable runs the CLI bundle packed inside it (no window,
 * no single-instance lock). The `latchkey` launcher Settings installs calls this, so the installed app ships
 * a working CLI without a separate Node — and without the RunAsNode fuse, which stays off: this binary only
 * ever runs Latchkey's own code.
 */
export const CLI_FLAG = '--cli';

/** The CLI's arguments when the app was started in CLI mode, else null. From source, Electron is started as
 *  `electron <app dir> …`, so the flag comes one place later. */
export function cliModeArguments(argv: readonly string[], packaged: boolean): string[] | null {
  const at = packaged ? 1 : 2;
  return argv[at] === CLI_FLAG ? argv.slice(at + 1) : null;
}

/** What a launcher runs to reach this app's CLI mode. */
export function appCliRuntime(execPath: string, appPath: string, packaged: boolean): CliRuntime {
  return { command: execPath, args: packaged ? [CLI_FLAG] : [appPath, CLI_FLAG] };
}

/** Runs the packed `dist-electron/cli.mjs` with `args`; resolves to its exit code. */
export async function runPackedCli(appPath: string, args: string[], load: (url: string) => Promise<unknown> = (url) => import(url)): Promise<number> {
  const bundle = path.join(appPath, 'dist-electron', 'cli.mjs');
  // The bundle reads its arguments from process.argv as Node lays it out: [runtime, script, ...arguments].
  process.argv = [process.execPath, bundle, ...args];
  try {
    await load(pathToFileURL(bundle).href);
  } catch (error) {
    process.stderr.write(`error[INTERNAL]: the Latchkey CLI in this app could not start (${error instanceof Error ? error.message : 'unknown error'}).\n`);
    return 1;
  }
  return Number(process.exitCode ?? 0) || 0;
}
