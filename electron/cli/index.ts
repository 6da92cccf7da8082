import { watchOutput } from './output-failures';
import { runCli } from './program';

// Entry point of the `latchkey` command (bundled to dist-electron/cli.mjs, run by bin/latchkey.cjs for every
// command the thin CLI leaves to it).

const outputFailed = watchOutput([process.stdout, process.stderr]);

const code = await runCli(process.argv.slice(2), {
  io: { stdout: process.stdout, stderr: process.stderr },
  env: process.env,
  stdin: process.stdin,
});
process.exitCode = code === 0 && outputFailed() ? 1 : code;
