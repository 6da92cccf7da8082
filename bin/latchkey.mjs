#!/usr/bin/env node
// The `latchkey` command. Runs the CLI bundle built by `npm install` (scripts/build-main.mjs).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = new URL('../dist-electron/cli.mjs', import.meta.url);
if (!existsSync(fileURLToPath(bundle))) {
  process.stderr.write('error[INTERNAL]: the Latchkey CLI is not built.\n  hint: run `npm run build:main` in the Latchkey folder.\n');
  process.exit(1);
}
await import(bundle.href);
