import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import pkg from '../../package.json';

/** The per-layer typecheck (STYLE.md habit 1): each layer compiles against only the globals it may use. */
const read = (file: string) =>
  JSON.parse(readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8')) as {
    extends?: string;
    include: string[];
    compilerOptions: { lib: string[]; types: string[] };
  };
const hasDom = (lib: string[]) => lib.some((l) => l.toLowerCase().startsWith('dom'));

describe('a tsconfig per layer', () => {
  it('shared: neither the DOM nor Node', () => {
    const config = read('tsconfig.shared.json');
    expect(config.include).toEqual(['shared']);
    expect(hasDom(config.compilerOptions.lib)).toBe(false);
    expect(config.compilerOptions.types).toEqual([]);
  });

  it('renderer: the DOM, no Node types', () => {
    const config = read('tsconfig.renderer.json');
    expect(config.include).toEqual(['renderer', 'shared']);
    expect(hasDom(config.compilerOptions.lib)).toBe(true);
    expect(config.compilerOptions.types).toEqual([]);
  });

  it('electron: Node, no DOM', () => {
    const config = read('tsconfig.electron.json');
    expect(config.include).toEqual(['electron', 'shared']);
    expect(hasDom(config.compilerOptions.lib)).toBe(false);
    expect(config.compilerOptions.types).toEqual(['node']);
  });

  it('npm run typecheck (and so npm test) checks every layer', () => {
    for (const file of ['tsconfig.json', 'tsconfig.shared.json', 'tsconfig.renderer.json', 'tsconfig.electron.json']) {
      expect(pkg.scripts.typecheck).toContain(`-p ${file}`);
    }
    expect(readFileSync(new URL('../run-all.mjs', import.meta.url), 'utf8')).toMatch(/'tsconfig\.shared\.json', 'tsconfig\.renderer\.json', 'tsconfig\.electron\.json'/);
  });
});
