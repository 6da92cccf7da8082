import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The folder tells you the process (ARCHITECTURE.md): shared/ is pure, renderer/ reaches only itself and
 * shared/, and in electron/ only the four glue files touch 'electron'. The checker is a pure function of
 * (path, text) so the rule itself is tested with synthetic files below.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SOURCE = /\.(c|m)?(t|j)sx?$/;
const ELECTRON_GLUE = new Set(['electron/main.ts', 'electron/window.ts', 'electron/preload.ts', 'electron/ipc.ts']);
const BUILTINS = new Set(builtinModules.filter((m) => !m.startsWith('_')));
/** Packages that only make sense in a browser or in Electron/Node: never in shared/. */
const NOT_IN_SHARED = /^(electron|react|react-dom|@tanstack\/|keytar|libsodium|scheduler)(\/|$)|^react-/;
/** Browser globals that would tie shared/ to the DOM. */
const DOM_GLOBALS = new Set(['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'HTMLElement', 'location']);

export interface Violation {
  file: string;
  specifier: string;
  rule: string;
}

function isBuiltin(specifier: string): boolean {
  return specifier.startsWith('node:') || BUILTINS.has(specifier.split('/')[0] ?? '');
}

function isElectron(specifier: string): boolean {
  return specifier === 'electron' || specifier.startsWith('electron/');
}

/** Every module specifier: static and type imports, re-exports, require() and dynamic import(). */
export function importsOf(file: string, text: string): string[] {
  const info = ts.preProcessFile(text, true, true);
  const fromImports = info.importedFiles.map((f) => f.fileName);
  // preProcessFile skips import() / require() with non-literal arguments: those are banned outright.
  const dynamic = /\b(?:import|require)\s*\(\s*(?!['"`])/.test(text) && !/\.d\.ts$/.test(file) ? ['<non-literal import>'] : [];
  return [...fromImports, ...dynamic].map((s) => s.replace(/\?.*$/, ''));
}

function domGlobalsOf(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && DOM_GLOBALS.has(node.text)) {
      const parent = node.parent;
      const isMemberName = (ts.isPropertyAccessExpression(parent) && parent.name === node) || (ts.isPropertyAssignment(parent) && parent.name === node)
        || ts.isPropertySignature(parent) || ts.isPropertyDeclaration(parent) || ts.isMethodDeclaration(parent)
        || (ts.isVariableDeclaration(parent) && parent.name === node) || ts.isParameter(parent) || ts.isBindingElement(parent);
      if (!isMemberName) found.push(node.text);
    }
    ts.forEachChild(node, visit);
  };
  source.forEachChild(visit);
  return found;
}

/** `file` is relative to the repo root with forward slashes. */
export function checkFile(file: string, text: string): Violation[] {
  const violations: Violation[] = [];
  const area = file.split('/')[0];
  const add = (specifier: string, rule: string) => violations.push({ file, specifier, rule });
  const target = (specifier: string) => path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));

  for (const specifier of importsOf(file, text)) {
    const relative = specifier.startsWith('.');
    if (specifier === '<non-literal import>') add(specifier, 'import()/require() must name a literal module');
    else if (area === 'shared') {
      if (relative && !target(specifier).startsWith('shared/')) add(specifier, 'shared/ imports only shared/');
      if (!relative && isBuiltin(specifier)) add(specifier, 'shared/ must not import Node builtins');
      if (!relative && (isElectron(specifier) || NOT_IN_SHARED.test(specifier))) add(specifier, 'shared/ must not import Electron, React or DOM libraries');
    } else if (area === 'renderer') {
      if (relative && !/^(renderer|shared)\//.test(target(specifier))) add(specifier, 'renderer/ imports only renderer/ and shared/');
      if (!relative && (isBuiltin(specifier) || isElectron(specifier) || specifier === 'keytar')) add(specifier, 'renderer/ must not import Node or Electron');
      if (specifier.startsWith('/')) add(specifier, 'renderer/ must not import absolute paths');
    } else if (area === 'electron') {
      if (isElectron(specifier) && !ELECTRON_GLUE.has(file)) add(specifier, `only ${[...ELECTRON_GLUE].join(', ')} may import electron`);
      if (relative && target(specifier).startsWith('renderer/')) add(specifier, 'electron/ must not import renderer/');
    }
  }
  if (area === 'shared') for (const name of domGlobalsOf(file, text)) add(name, 'shared/ must not use DOM globals');
  return violations;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory() && entry.name !== 'node_modules') out.push(...sourceFiles(rel));
    else if (entry.isFile() && SOURCE.test(entry.name)) out.push(rel);
  }
  return out;
}

describe('process boundaries in the source tree', () => {
  for (const dir of ['shared', 'renderer', 'electron']) {
    it(`${dir}/ respects its import rules`, () => {
      const files = sourceFiles(dir);
      const violations = files.flatMap((file) => checkFile(file, readFileSync(path.join(ROOT, file), 'utf8')));
      expect(violations).toEqual([]);
    });
  }

  it('actually scans files (guards against an empty glob)', () => {
    expect(sourceFiles('shared').length).toBeGreaterThan(0);
    expect(sourceFiles('electron')).toContain('electron/preload.ts');
  });
});

describe('boundary checker (self-test)', () => {
  const rulesFor = (file: string, text: string) => checkFile(file, text).map((v) => v.specifier);

  it("flags import 'electron' in a renderer file", () => {
    expect(rulesFor('renderer/src/App.tsx', "import 'electron';")).toEqual(['electron']);
    expect(rulesFor('renderer/src/App.tsx', "import { ipcRenderer } from 'electron';")).toEqual(['electron']);
  });

  it('flags Node builtins, require and dynamic import in the renderer', () => {
    expect(rulesFor('renderer/src/a.ts', "import fs from 'node:fs';")).toEqual(['node:fs']);
    expect(rulesFor('renderer/src/a.ts', "const cp = require('child_process');")).toEqual(['child_process']);
    expect(rulesFor('renderer/src/a.ts', "const m = await import('path');")).toEqual(['path']);
    expect(rulesFor('renderer/src/a.ts', 'const m = await import(name);')).toEqual(['<non-literal import>']);
  });

  it('flags a renderer file reaching into electron/ by a relative path', () => {
    expect(rulesFor('renderer/src/api/client.ts', "import type { Services } from '../../../electron/services';")).toEqual(['../../../electron/services']);
    expect(rulesFor('renderer/src/a.ts', "export * from '../../electron/ipc';")).toEqual(['../../electron/ipc']);
  });

  it('allows the renderer its own files, shared/ and UI packages', () => {
    const text = [
      "import { useQuery } from '@tanstack/react-query';",
      "import { createRoot } from 'react-dom/client';",
      "import { z } from 'zod';",
      "import { contract } from '../../shared/contract';",
      "import './styles.css';",
      "import { App } from './App';",
    ].join('\n');
    expect(rulesFor('renderer/src/main.tsx', text)).toEqual([]);
  });

  it('flags Node, Electron, React and DOM use in shared/', () => {
    expect(rulesFor('shared/x.ts', "import { readFile } from 'fs';")).toEqual(['fs']);
    expect(rulesFor('shared/x.ts', "import os from 'node:os';")).toEqual(['node:os']);
    expect(rulesFor('shared/x.ts', "import { app } from 'electron';")).toEqual(['electron']);
    expect(rulesFor('shared/x.ts', "import React from 'react';")).toEqual(['react']);
    expect(rulesFor('shared/x.ts', 'export const w = window.innerWidth;')).toEqual(['window']);
    expect(rulesFor('shared/x.ts', "import { x } from '../electron/errors';")).toEqual(['../electron/errors']);
  });

  it('allows zod and sibling files in shared/, and DOM-named properties', () => {
    expect(rulesFor('shared/x.ts', "import { z } from 'zod';\nimport { AppError } from './errors';\nconst o = { location: 1 }; o.location;")).toEqual([]);
  });

  it("flags 'electron' in an electron/ file that is not one of the four glue files", () => {
    expect(rulesFor('electron/services.ts', "import { app } from 'electron';")).toEqual(['electron']);
    expect(rulesFor('electron/backends/vault.ts', "const { net } = require('electron');")).toEqual(['electron']);
    expect(rulesFor('electron/window.ts', "import { BrowserWindow } from 'electron';")).toEqual([]);
  });
});
