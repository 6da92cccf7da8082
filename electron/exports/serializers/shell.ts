import { AppError } from '../../../shared/errors';
import { assertExportable, BARE_VALUE, headerLines, joinLines, refuseValue, unreadable, VALID_KEY, type EnvValues, type ExportHeader } from './common';
import { valueMap } from '../../util/value-map';

// bash refuses to assign these ("readonly variable") and stops sourcing the file at the first one.
const BASH_READONLY = new Set(['BASHOPTS', 'BASH_VERSINFO', 'EUID', 'PPID', 'SHELLOPTS', 'UID']);

/** Single quotes are fully literal in POSIX shells; a `'` inside is written as `'\''` (close, escaped, reopen). */
export function shellQuote(value: string): string {
  if (BARE_VALUE.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** `export K=V` lines for `source`/`.` in bash, zsh or sh. */
export function serializeShell(values: EnvValues, header?: ExportHeader): string {
  assertExportable(values, 'shell exports');
  const lines = headerLines(header);
  for (const [key, value] of Object.entries(values)) {
    if (BASH_READONLY.has(key)) {
      throw refuseValue(key, 'shell exports', 'bash treats this name as a read-only variable, so sourcing the file would fail', { hint: 'Export as dotenv or json instead.' });
    }
    lines.push(`export ${key}=${shellQuote(value)}`);
  }
  return joinLines(lines);
}

/**
 * Reads what serializeShell writes: `export K=bare` or `export K='...'` where the quoted part may span
 * lines and use `'\''`. It is not a shell: anything else (expansions, double quotes) is refused.
 */
export function parseShell(text: string): EnvValues {
  const out = valueMap();
  let pos = 0;
  let lineNo = 1;
  while (pos < text.length) {
    const eol = text.indexOf('\n', pos) === -1 ? text.length : text.indexOf('\n', pos);
    const line = text.slice(pos, eol);
    if (line.trim() === '' || line.trimStart().startsWith('#')) {
      pos = eol + 1;
      lineNo += 1;
      continue;
    }
    const head = /^[ \t]*(?:export[ \t]+)?([^=\s]+)=/.exec(line);
    if (head === null) throw unreadable('shell', lineNo, "export KEY='value'");
    const key = head[1] as string;
    if (!VALID_KEY.test(key)) throw new AppError('BAD_REQUEST', `Line ${lineNo} of the shell text uses an invalid key name.`);
    let i = pos + head[0].length;
    let value = '';
    // A word is a run of bare characters, 'quoted' runs and \' escapes, up to whitespace or the line end.
    while (i < text.length && text[i] !== '\n' && text[i] !== ' ' && text[i] !== '\t') {
      const ch = text[i] as string;
      if (ch === "'") {
        const close = text.indexOf("'", i + 1);
        if (close === -1) throw unreadable('shell', lineNo, 'a closed single-quoted value');
        const quoted = text.slice(i + 1, close);
        lineNo += quoted.split('\n').length - 1;
        value += quoted;
        i = close + 1;
      } else if (ch === '\\' && text[i + 1] === "'") {
        value += "'";
        i += 2;
      } else if (/[A-Za-z0-9_./:@%+,=-]/.test(ch)) {
        value += ch;
        i += 1;
      } else {
        throw unreadable('shell', lineNo, "a plain or single-quoted value (Latchkey does not evaluate shell syntax)");
      }
    }
    const end = text.indexOf('\n', i) === -1 ? text.length : text.indexOf('\n', i);
    const rest = text.slice(i, end).trim();
    if (rest !== '' && !rest.startsWith('#')) throw unreadable('shell', lineNo, 'one assignment');
    out[key] = value;
    pos = end + 1;
    lineNo += 1;
  }
  return out;
}
