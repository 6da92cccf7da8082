import { runCli } from './program';

// Entry point of the `latchkey` command (bundled to dist-electron/cli.mjs, run by bin/latchkey.mjs).
const code = await runCli(process.argv.slice(2), {
  io: { stdout: process.stdout, stderr: process.stderr },
  env: process.env,
  stdin: process.stdin,
});
process.exitCode = code;
