import { AppError } from '../../../shared/errors';
import {
  assertExportable,
  BARE_VALUE,
  headerLines,
  joinLines,
  refuseValue,
  unreadable,
  VALID_KEY,
  type EnvValues,
  type ExportHeader,
} from './common';
import { valueMap } from '../../util/value-map';

/*
 * Quoting rules of the `dotenv` npm package (v17/v18, both its default parser and its `fast` one), which is
 * what most Node projects load our file with:
 * - the file's CR/CRLF become LF before parsing, so a raw CR never survives;
 * - "double": the only escapes are \n and \r; there is no way to write a literal `"` or a literal `\n`;
 * - 'single' and `backtick`: raw text, may span lines, cannot contain their own quote;
 * - any quote preceded by a backslash counts as escaped, so a value ending in `\` cannot be quoted;
 * - bare: cut at `#` and at the line end, then trimmed (JS whitespace), and must not start with a quote.
 * We pick the first form that holds the value exactly and refuse the rest rather than write it wrong. Bare is
 * used only for BARE_VALUE text: people `source` .env files too, and a bare `$(…)` or `;` would run there.
 */
export function encodeDotenvValue(key: string, value: string, ref?: string): string {
  if (value === '' || BARE_VALUE.test(value)) return value;
  const endsWithBackslash = value.endsWith('\\');
  if (!value.includes('"') && !/\\[nr]/.test(value) && !endsWithBackslash) {
    return `"${value.replace(/\n/g, '\\n').replace(/\r/g, '\\r')}"`;
  }
  if (!value.includes('\r') && !endsWithBackslash) {
    if (!value.includes("'")) return `'${value}'`;
    if (!value.includes('`')) return `\`${value}\``;
  }
  throw refuseValue(
    key,
    'a .env file',
    'its value combines quote characters, line breaks or a trailing backslash in a way no dotenv quoting can hold exactly',
    { hint: 'Export it in the shell format (made for sourcing) or as json, or inject it into a command with no file at all.', ref },
  );
}

export function serializeDotenv(values: EnvValues, header?: ExportHeader): string {
  assertExportable(values, 'a .env file');
  const lines = headerLines(header);
  for (const [key, value] of Object.entries(values)) lines.push(`${key}=${encodeDotenvValue(key, value, header?.ref)}`);
  return joinLines(lines);
}

const ASSIGNMENT = /[ \t]*(?:export[ \t]+)?([A-Za-z0-9_.-]+)[ \t]*=[ \t]*/y;

/**
 * Reads the dotenv we write (and the common hand-written forms): comments, blank lines, bare values,
 * "double" with \n and \r, and raw 'single' or `backtick` values that may span lines. Later keys win, as
 * in the dotenv package.
 */
export function parseDotenv(text: string): EnvValues {
  const src = text.replace(/\r\n?/g, '\n');
  const out = valueMap();
  let pos = 0;
  let lineNo = 1;
  while (pos < src.length) {
    const eol = indexOrEnd(src, '\n', pos);
    const line = src.slice(pos, eol);
    if (line.trim() === '' || line.trimStart().startsWith('#')) {
      pos = eol + 1;
      lineNo += 1;
      continue;
    }
    ASSIGNMENT.lastIndex = pos;
    const match = ASSIGNMENT.exec(src);
    if (match === null || match.index + match[0].length > eol) throw unreadable('dotenv', lineNo, 'KEY=value');
    const key = match[1] as string;
    if (!VALID_KEY.test(key)) throw new AppError('BAD_REQUEST', `Line ${lineNo} of the dotenv text uses an invalid key name.`);
    const start = match.index + match[0].length;
    const quote = src[start];
    if (quote === '"' || quote === "'" || quote === '`') {
      const close = src.indexOf(quote, start + 1);
      if (close === -1) throw unreadable('dotenv', lineNo, `a closed ${quote}quoted${quote} value`);
      const raw = src.slice(start + 1, close);
      out[key] = quote === '"' ? raw.replace(/\\n/g, '\n').replace(/\\r/g, '\r') : raw;
      const after = indexOrEnd(src, '\n', close);
      const rest = src.slice(close + 1, after).trim();
      if (rest !== '' && !rest.startsWith('#')) throw unreadable('dotenv', lineNo, 'a quoted value followed by nothing but a comment');
      lineNo += countNewlines(src, pos, after);
      pos = after + 1;
      lineNo += 1;
      continue;
    }
    const hash = line.indexOf('#', start - pos);
    out[key] = src.slice(start, hash === -1 ? eol : pos + hash).trim();
    pos = eol + 1;
    lineNo += 1;
  }
  return out;
}

function indexOrEnd(text: string, needle: string, from: number): number {
  const at = text.indexOf(needle, from);
  return at === -1 ? text.length : at;
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i += 1) if (text.charCodeAt(i) === 10) count += 1;
  return count;
}
