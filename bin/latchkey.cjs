#!/usr/bin/env node
// The `latchkey` command. The hot commands (run, export, secrets, envs, exports, revoke, cache clear) go to
// the per-user agent through a small bundle (thin.cjs); everything else — and the in-process fallback —
// loads the full CLI bundle (cli.mjs). Both are built by `npm install` (scripts/build-main.mjs).
// CommonJS on purpose: starting Node's ES module loader costs a few ms on every command.
'use strict';
const { existsSync } = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

const dist = path.join(__dirname, '..', 'dist-electron');
const thin = path.join(dist, 'thin.cjs');
const full = path.join(dist, 'cli.mjs');
if (!existsSync(full) || !existsSync(thin)) {
  process.stderr.write('error[INTERNAL]: the Latchkey CLI is not built.\n  hint: run `npm run build:main` in the Latchkey folder.\n');
  process.exit(1);
}
require(thin)
  .runThin({ argv: process.argv.slice(2), cliPath: full })
  .then((outcome) => (outcome === 'full' ? import(pathToFileURL(full).href) : void (process.exitCode = outcome)));
