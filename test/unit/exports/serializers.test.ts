import dotenv from 'dotenv';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { EXPORT_FORMATS, serializerFor, type ExportHeader } from '../../../electron/exports/serializers';

const header: ExportHeader = { ref: 'acme-vault:payments/staging', keys: 2, expiresAt: '2030-01-01T08:00:00.000Z' };

function refusalOf(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected a refusal');
}

describe('serializers', () => {
  it('write the expected dotenv text, header first', () => {
    const text = serializerFor('dotenv').serialize({ API_URL: 'https://api.example.test/v1', GREETING: 'hello world #1', EMPTY: '' }, header);
    expect(text).toBe(
      [
        '# Written by Latchkey from acme-vault:payments/staging: 2 keys, expires 2030-01-01T08:00:00.000Z.',
        '# Do not commit or share this file. Latchkey deletes it at expiry.',
        'API_URL=https://api.example.test/v1',
        'GREETING="hello world #1"',
        'EMPTY=',
        '',
      ].join('\n'),
    );
  });

  it('write shell exports with single quotes and the close-escape-reopen idiom', () => {
    const text = serializerFor('shell').serialize({ A: "it's $HOME", B: 'plain' });
    expect(text).toBe("export A='it'\\''s $HOME'\nexport B=plain\n");
  });

  it('write json without a header', () => {
    expect(serializerFor('json').serialize({ A: 'x' }, header)).toBe('{\n  "A": "x"\n}\n');
  });

  it('write docker lines literally, spaces and quotes included', () => {
    const text = serializerFor('docker').serialize({ A: ' "quoted" # not a comment ' });
    expect(text).toBe('A= "quoted" # not a comment \n');
  });

  it.each([
    ['a newline and quotes', 'line1\nline "two"'],
    ['literal backslash-n text with double quotes', 'C:\\new\\"dir"'],
    ['a carriage return', 'a\r\nb'],
    ['edge whitespace', '  padded\t'],
  ])('dotenv holds a value with %s, as the dotenv package reads it', (_label, value) => {
    const text = serializerFor('dotenv').serialize({ K: value, NEXT: '#x' });
    expect(dotenv.parse(text)).toEqual({ K: value, NEXT: '#x' });
    expect(serializerFor('dotenv').parse(text)).toEqual({ K: value, NEXT: '#x' });
  });

  it.each([
    ['every quote kind', `fake'value"with\`all`],
    ['every quote kind around a command substitution', `$(touch pwned)'"\``],
    ['a trailing backslash', 'C:\\Users\\'],
    ['a trailing backslash and a double quote', '\\"\\'],
  ])('dotenv refuses a value no quoting can hold (%s) instead of writing it bare, naming the key', (_label, value) => {
    const error = refusalOf(() => serializerFor('dotenv').serialize({ A: 'fine', UNQUOTABLE: value }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toContain('UNQUOTABLE');
    expect(error.hint).toMatch(/shell/);
  });

  it('dotenv refuses a value it cannot hold exactly, naming the key but not the value', () => {
    const value = `fake"secret'not\`real\n`;
    const error = refusalOf(() => serializerFor('dotenv').serialize({ TRICKY: value }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toContain('TRICKY');
    expect(`${error.message} ${error.hint}`).not.toContain('fake');
    expect(error.hint).toMatch(/shell format .*or as json/);
  });

  it('docker refuses a line break, naming the key but not the value', () => {
    const error = refusalOf(() => serializerFor('docker').serialize({ CERT: 'fake-cert-line-1\nfake-cert-line-2' }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toContain('CERT');
    expect(error.message).toMatch(/line break/);
    expect(`${error.message} ${error.hint}`).not.toContain('fake-cert');
  });

  it('a value a format cannot hold but an environment can: the next step runs the command with it injected, for the ref being exported', () => {
    const header = { ref: 'acme:payments/dev', keys: 1, expiresAt: '2030-01-01T00:00:00.000Z' };
    const docker = refusalOf(() => serializerFor('docker').serialize({ CERT: 'fake-line-1\nfake-line-2' }, header));
    expect(docker.next).toEqual({ action: 'run', ref: 'acme:payments/dev' });
    const dotenv = refusalOf(() => serializerFor('dotenv').serialize({ TRICKY: `fake"secret'not\`real\n` }, header));
    expect(dotenv.next).toEqual({ action: 'run', ref: 'acme:payments/dev' });
    // No ref known (no export being written): words only. No CLI wording either way.
    expect(refusalOf(() => serializerFor('docker').serialize({ CERT: 'a\nb' })).next).toBeUndefined();
    expect(`${docker.hint} ${dotenv.hint}`).not.toMatch(/latchkey|`/);
  });

  it.each(EXPORT_FORMATS)('%s: a NUL no environment can hold either is not sent to run', (format) => {
    const error = refusalOf(() => serializerFor(format).serialize({ HAS_NUL: 'fake\0value' }, { ref: 'acme:payments/dev', keys: 1, expiresAt: '2030-01-01T00:00:00.000Z' }));
    expect(error.next).toBeUndefined();
    expect(error.hint).not.toMatch(/run|inject/);
  });

  it.each(EXPORT_FORMATS)('%s refuses invalid key names and NUL, naming the key', (format) => {
    for (const key of ['1ABC', 'A-B', 'A B', 'A.B', '', 'É']) {
      const error = refusalOf(() => serializerFor(format).serialize({ [key]: 'v' }));
      expect(error.code).toBe('BAD_REQUEST');
      expect(error.message).toContain(`"${key}"`);
    }
    const nul = refusalOf(() => serializerFor(format).serialize({ HAS_NUL: 'fake\0value' }));
    expect(nul.message).toContain('HAS_NUL');
    expect(nul.message).toMatch(/NUL/);
  });

  it.each(EXPORT_FORMATS)('%s refuses a lone surrogate that UTF-8 would silently change', (format) => {
    const error = refusalOf(() => serializerFor(format).serialize({ BROKEN: 'abc\ud800' }));
    expect(error.message).toContain('BROKEN');
  });

  it('shell refuses names bash keeps read-only', () => {
    expect(refusalOf(() => serializerFor('shell').serialize({ UID: '1' })).message).toContain('UID');
  });

  it('flattens line breaks in the header ref so the header stays a comment', () => {
    const text = serializerFor('dotenv').serialize({ A: '1' }, { ...header, ref: 'evil\nINJECTED=1' });
    expect(dotenv.parse(text)).toEqual({ A: '1' });
  });

  it('parsers reject text that is not what they read, with a line number', () => {
    expect(refusalOf(() => serializerFor('dotenv').parse('A=1\nnot an assignment\n')).message).toMatch(/Line 2/);
    expect(refusalOf(() => serializerFor('shell').parse('export A=$(id)\n')).code).toBe('BAD_REQUEST');
    expect(refusalOf(() => serializerFor('json').parse('[1]')).code).toBe('BAD_REQUEST');
    expect(refusalOf(() => serializerFor('docker').parse('JUST_A_NAME\n')).message).toMatch(/Line 1/);
  });
});
