// Builds the trusted side (Electron main, preload, CLI) with esbuild into dist-electron/.
// Runs on `npm install` (prepare) so `npx latchkey` works from a fresh clone with plain Node.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'dist-electron');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
  absWorkingDir: root,
};

const targets = [
  // Main and CLI keep node_modules external: native modules (keytar) and libsodium load at run time.
  { entry: 'electron/main.ts', outfile: 'main.cjs', format: 'cjs', packages: 'external' },
  { entry: 'electron/cli/index.ts', outfile: 'cli.mjs', format: 'esm', packages: 'external',
    banner: { js: "import { createRequire as __lkRequire } from 'node:module'; const require = __lkRequire(import.meta.url);" } },
  // A sandboxed preload may only require('electron'): bundle everything else into it.
  { entry: 'electron/preload.ts', outfile: 'preload.cjs', format: 'cjs', external: ['electron'] },
];

for (const t of targets) {
  if (!existsSync(path.join(root, t.entry))) continue;
  const { entry, outfile, ...rest } = t;
  await build({ ...common, ...rest, entryPoints: [entry], outfile: path.join(out, outfile) });
}
