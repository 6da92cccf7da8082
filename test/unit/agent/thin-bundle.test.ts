import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type BuildOptions, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../support/temp-dir';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const tempDir = useTempDirs();

describe('the thin CLI bundle', () => {
  it('holds our own files and node builtins only: no zod, no commander, no keytar, no HTTP client', async () => {
    const { thinBuildOptions } = (await import(pathToFileURL(path.join(ROOT, 'scripts', 'build-main.mjs')).href)) as { thinBuildOptions: (f: string) => BuildOptions };
    const result = await build({ ...thinBuildOptions(path.join(await tempDir(), 'thin.cjs')), sourcemap: false });
    const inputs = Object.keys((result.metafile as Metafile).inputs);
    expect(inputs.filter((file) => file.includes('node_modules'))).toEqual([]);
    // The contract's schemas (zod) stay out: shared/ files come in as types, or zod-free like env-ref.ts.
    expect(inputs.filter((file) => /shared\/(contract|errors|backends|profile)\.ts$/.test(file))).toEqual([]);
    const output = Object.values((result.metafile as Metafile).outputs)[0]!;
    expect(output.bytes).toBeLessThan(48 * 1024);
  });
});
