import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import dotenv from 'dotenv';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../../shared/errors';
import { serializerFor, type ExportHeader } from '../../../electron/exports/serializers';
import { envRecord, envValue } from './arbitraries';

const header: ExportHeader = { ref: 'acme-vault:payments/staging', keys: 3, expiresAt: '2030-01-01T00:00:00.000Z' };
const withHeader = fc.option(fc.constant(header), { nil: undefined });

/** Serializes, or returns the refusal: a BAD_REQUEST that names a key and never carries the value. */
function trySerialize(format: 'dotenv' | 'docker', values: Record<string, string>): string | undefined {
  try {
    return serializerFor(format).serialize(values, header);
  } catch (error) {
    if (!isAppError(error) || error.code !== 'BAD_REQUEST') throw error;
    const key = Object.keys(values).find((k) => error.message.includes(`key ${k} `));
    expect(key, error.message).toBeDefined();
    for (const value of Object.values(values)) {
      if (value.length >= 6) expect(error.message + (error.hint ?? '')).not.toContain(value);
    }
    return undefined;
  }
}

describe('dotenv serializer', () => {
  it('round-trips through the dotenv package (both parsers) and our parser, or refuses', () => {
    let written = 0;
    fc.assert(
      fc.property(envRecord(), (values) => {
        const text = trySerialize('dotenv', values);
        if (text === undefined) return;
        written += 1;
        expect(dotenv.parse(text)).toEqual(values);
        expect(dotenv.parse(text, { fast: true })).toEqual(values);
        expect(serializerFor('dotenv').parse(text)).toEqual(values);
      }),
      { numRuns: 600 },
    );
    expect(written).toBeGreaterThan(300);
  }, 30_000);

  it('writes a value bare only when it holds nothing a shell would read specially', () => {
    fc.assert(
      fc.property(envValue, (value) => {
        const text = trySerialize('dotenv', { K: value });
        if (text === undefined) return;
        const written = text.split('\n').find((line) => line.startsWith('K='))!.slice(2);
        if (!/^['"`]/.test(written)) expect(written).toMatch(/^[A-Za-z0-9_./:@%+,-]*$/);
      }),
      { numRuns: 1000 },
    );
  }, 30_000);

  it('refuses only values that mix every quote kind with something that needs quoting', () => {
    fc.assert(
      fc.property(envValue, (value) => {
        if (trySerialize('dotenv', { K: value }) !== undefined) return;
        const cannotDouble = value.includes('"') || /\\[nr]/.test(value) || value.endsWith('\\');
        const cannotRaw = value.includes('\r') || value.endsWith('\\') || (value.includes("'") && value.includes('`'));
        expect(cannotDouble && cannotRaw).toBe(true);
      }),
      { numRuns: 1000 },
    );
  }, 30_000);
});

describe('json serializer', () => {
  it('round-trips through JSON.parse and our parser for any text', () => {
    fc.assert(
      fc.property(envRecord(), (values) => {
        const text = serializerFor('json').serialize(values);
        expect(JSON.parse(text)).toEqual(values);
        expect(serializerFor('json').parse(text)).toEqual(values);
      }),
      { numRuns: 300 },
    );
  }, 30_000);
});

/** What `docker run --env-file` reads (docker/cli opts/envfile.go), ported line by line as an oracle. */
function dockerCliReads(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  // bufio.ScanLines: split on LF, drop one trailing CR, no empty token after a final newline.
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  for (const scanned of lines) {
    const line = scanned.replace(/\r$/, '').replace(/^[\s\u0085]+/u, '');
    if (line.length === 0 || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq === -1) throw new Error('a line without = reads the host environment: never written by us');
    out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}

describe('docker env-file serializer', () => {
  it('round-trips any value without a line break, and refuses line breaks', () => {
    fc.assert(
      fc.property(envRecord(), (values) => {
        const text = trySerialize('docker', values);
        const hasBreak = Object.values(values).some((v) => /[\r\n]/.test(v));
        expect(text === undefined).toBe(hasBreak);
        if (text === undefined) return;
        expect(dockerCliReads(text)).toEqual(values);
        expect(serializerFor('docker').parse(text)).toEqual(values);
      }),
      { numRuns: 400 },
    );
  }, 30_000);
});

describe('shell serializer', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'latchkey-shell-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Sources every file in ONE bash run and returns, per file, the values bash ended up with. */
  function sourceInBash(files: Array<{ file: string; keys: string[] }>): string[][] {
    const script = files
      .map(({ file, keys }) => `( set -a; source '${file}' || exit 3; printf '%s\\0' ${keys.map((k) => `"$${k}"`).join(' ')} ''; printf 'END\\0' ) || exit 4`)
      .join('\n');
    const stdout = execFileSync('bash', ['--noprofile', '--norc', '-c', script], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } });
    const fields = stdout.toString('utf8').split('\0');
    const results: string[][] = [];
    let current: string[] = [];
    for (const field of fields.slice(0, -1)) {
      if (field === 'END') {
        results.push(current.slice(0, -1)); // drop the '' sentinel that makes an empty key list printable
        current = [];
      } else current.push(field);
    }
    return results;
  }

  it('is read back exactly by a real bash (batched: one bash per batch of up to 20 exports)', () => {
    let runs = 0;
    fc.assert(
      fc.property(fc.array(fc.tuple(envRecord('LK_'), withHeader), { minLength: 1, maxLength: 20 }), (batch) => {
        const files = batch.map(([values, head], i) => {
          const text = serializerFor('shell').serialize(values, head);
          expect(serializerFor('shell').parse(text)).toEqual(values);
          const file = path.join(dir, `run-${runs}-${i}.sh`);
          writeFileSync(file, text);
          return { file, keys: Object.keys(values) };
        });
        runs += 1;
        const seen = sourceInBash(files);
        batch.forEach(([values], i) => {
          expect(seen[i]).toEqual(Object.values(values));
        });
      }),
      { numRuns: 30 },
    );
  }, 60_000);
});
