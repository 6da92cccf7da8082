#!/usr/bin/env node
// The `latchkey` command. The hot commands (run, export, secrets, envs, exports, revoke, cache clear) go to
// the per-user agent through a small bundle (thin.mjs); everything else — and the in-process fallback —
// loads the full CLI bundle (cli.mjs). Both are built by `npm install` (scripts/build-main.mjs).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const thin = new URL('../dist-electron/thin.mjs', import.meta.url);
const full = new URL('../dist-electron/cli.mjs', import.meta.url);
if (!existsSync(fileURLToPath(full)) || !existsSync(fileURLToPath(thin))) {
  process.stderr.write('error[INTERNAL]: the Latchkey CLI is not built.\n  hint: run `npm run build:main` in the Latchkey folder.\n');
  process.exit(1);
}
const { runThin } = await import(thin.href);
const outcome = await runThin({ argv: process.argv.slice(2), cliPath: fileURLToPath(full) });
if (outcome === 'full') await import(full.href);
else process.exitCode = outcome;
