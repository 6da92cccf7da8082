// Builds the trusted side (Electron main, preload, CLI) with esbuild into dist-electron/.
// Runs on `npm install` (prepare) so `npx latchkey` works from a fresh clone with plain Node.
import { build } from 'esbuild';
import { existsSync, rmSync } from 'node:fs';
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

/**
 * Pure-JS packages bundled INTO the CLI: every `latchkey` command is a fresh process, and resolving and
 * compiling a package's many module files costs tens of ms per start, more than parsing them as part of
 * one file. Everything else stays external: keytar is native, libsodium loads its wasm on first use
 * (lazily), and a package added later is never bundled by accident. The AWS SDK is bundled too, but only
 * into lazy chunks (`splitting`): the AWS adapter imports it dynamically, so commands that never talk to
 * AWS never load it, and those that do read a few bundled files instead of resolving ~100 SDK modules
 * (~35 ms instead of ~90-200 ms here). Left external, esbuild would hoist it into a static import.
 */
export const CLI_BUNDLED_PACKAGES = [
  'zod',
  'commander',
  '@aws-sdk/client-secrets-manager',
  '@aws-sdk/client-sts',
  '@aws-sdk/client-iam',
  '@aws-sdk/credential-providers',
];

const bundleOnly = (packages) => ({
  name: 'bundle-only',
  setup(b) {
    // Bare specifiers ("pkg", "pkg/sub", "@scope/pkg"); relative and absolute paths are ours and bundled.
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('node:')) return undefined;
      // Imported from inside node_modules: a dependency of a package we bundle (the SDK's @smithy/*…).
      if (args.importer.split(path.sep).includes('node_modules')) return undefined;
      const name = args.path.startsWith('@') ? args.path.split('/').slice(0, 2).join('/') : args.path.split('/')[0];
      return packages.includes(name) ? undefined : { path: args.path, external: true };
    });
  },
});

/** Where the CLI's lazy chunks go, next to its entry file. */
const CLI_CHUNKS_DIR = 'chunks';

/** esbuild options for the CLI bundle; bench/cli-runner.ts builds with these too, so it measures what ships. */
export function cliBuildOptions(outfile) {
  return {
    ...common,
    entryPoints: { [path.basename(outfile, '.mjs')]: path.join(root, 'electron/cli/index.ts') },
    outdir: path.dirname(outfile),
    outExtension: { '.js': '.mjs' },
    splitting: true,
    chunkNames: `${CLI_CHUNKS_DIR}/[name]-[hash]`,
    format: 'esm',
    // ES module builds first: tree-shaken, and their dynamic imports become chunks (CommonJS requires would not).
    mainFields: ['module', 'main'],
    plugins: [bundleOnly(CLI_BUNDLED_PACKAGES)],
    // Less to parse on every start (~10-15 ms); names kept so errors and classes read the same.
    minify: true,
    keepNames: true,
    // Bundled CommonJS (commander) calls require(); give the ESM bundle (and each chunk) one.
    banner: { js: "import { createRequire as __lkRequire } from 'node:module'; const require = __lkRequire(import.meta.url);" },
  };
}

/**
 * The thin CLI (electron/cli/thin/entry.ts): what every `latchkey` command loads first. It must stay free
 * of packages — node: builtins and our own files only — or it loses what it exists for (start-up time).
 */
export function thinBuildOptions(outfile) {
  return {
    ...common,
    entryPoints: [path.join(root, 'electron/cli/thin/entry.ts')],
    outfile,
    // CommonJS: bin/latchkey.cjs requires it, and Node starts no ES module loader for the hot commands.
    format: 'cjs',
    minify: true,
    keepNames: true,
    metafile: true,
    plugins: [{
      name: 'no-packages',
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('node:') ? undefined : { errors: [{ text: `the thin CLI must not import the package "${args.path}" (${args.importer})` }] }));
      },
    }],
  };
}

const targets = [
  // Main keeps node_modules external: native modules (keytar) and libsodium load at run time.
  { entry: 'electron/main.ts', outfile: 'main.cjs', format: 'cjs', packages: 'external' },
  // A sandboxed preload may only require('electron'): bundle everything else into it.
  { entry: 'electron/preload.ts', outfile: 'preload.cjs', format: 'cjs', external: ['electron'] },
];

async function buildAll() {
  for (const t of targets) {
    if (!existsSync(path.join(root, t.entry))) continue;
    const { entry, outfile, ...rest } = t;
    await build({ ...common, ...rest, entryPoints: [entry], outfile: path.join(out, outfile) });
  }
  // Chunk names carry content hashes: drop the previous build's so stale chunks never pile up.
  rmSync(path.join(out, CLI_CHUNKS_DIR), { recursive: true, force: true });
  await build(cliBuildOptions(path.join(out, 'cli.mjs')));
  await build(thinBuildOptions(path.join(out, 'thin.cjs')));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await buildAll();
