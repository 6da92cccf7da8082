// The kill half of `npm run bench -- kills`. Runs as a child inside a private keyring session
// (dbus-run-session + test/setup/keyring-session.sh) so the killed children and the next commands use a
// real keychain. Reads `{address, token, points, seed}` (the bench's OpenBao) on stdin; prints one JSON
// KillReport on stdout. Progress goes to stderr.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { prepareKillWorld, runKills } from '../test/fixtures/exports/kill-harness';

async function main() {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const { address, token, points, seed } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { address: string; token: string; points: number; seed: number };
  const made: string[] = [];
  const tempDir = async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'latchkey-bench-kills-'));
    made.push(dir);
    return dir;
  };
  try {
    const world = await prepareKillWorld({ address, token }, tempDir);
    const report = await runKills(world, {
      points,
      seed,
      onProgress: (done) => done % 100 === 0 && process.stderr.write(`kills: ${done} of ${points}…\n`),
    });
    process.stdout.write(`${JSON.stringify(report)}\n`);
  } finally {
    await Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true })));
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exitCode = 1;
});
