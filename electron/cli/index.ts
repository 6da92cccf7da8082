import { runCli } from './program';

// Entry point of the `latchkey` command (bundled to dist-electron/cli.mjs, run by bin/latchkey.mjs).

// A reader that stops early (`latchkey envs | head -1`) closes the pipe. Like other Unix tools, stop
// writing and finish quietly instead of dying on an unhandled EPIPE with a stack; the command still
// completes what it started (an audit line, a ledger record). Any other stream failure is an error.
let outputFailed = false;
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') outputFailed = true;
  });
}

const code = await runCli(process.argv.slice(2), {
  io: { stdout: process.stdout, stderr: process.stderr },
  env: process.env,
  stdin: process.stdin,
});
process.exitCode = code === 0 && outputFailed ? 1 : code;
