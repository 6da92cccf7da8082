import type { CliRuntime } from './cli-install/launcher';

/**
 * `Latchkey --cli <arguments>`: the app's own executable runs the `latchkey` CLI (no window, no single-instance
 * lock). The launcher Settings installs calls this, so the installed app ships a working CLI without a
 * separate Node — and without the RunAsNode fuse, which stays off: this binary only ever runs Latchkey's code.
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

/** Runs the CLI in this process; resolves to its exit code. Loaded on demand: the window never pays for it. */
export async function runCliMode(args: string[]): Promise<number> {
  const [{ runCli }, { watchOutput }] = await Promise.all([import('./cli/program'), import('./cli/output-failures')]);
  const outputFailed = watchOutput([process.stdout, process.stderr]);
  const code = await runCli(args, { io: { stdout: process.stdout, stderr: process.stderr }, env: process.env, stdin: process.stdin });
  return code === 0 && outputFailed() ? 1 : code;
}
