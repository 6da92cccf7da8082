import { AppError } from '../../../shared/errors';
import { assertExportable, headerLines, joinLines, refuseValue, VALID_KEY, type EnvValues, type ExportHeader } from './common';
import { valueMap } from '../../util/value-map';

// docker reads env files with Go's bufio.Scanner, whose default line limit is 64 KiB.
const MAX_LINE_BYTES = 64 * 1024 - 1;

/*
 * `docker run --env-file` rules (docker/cli opts/envfile.go): each line is read literally, no quotes or
 * escapes; leading whitespace of the line is dropped, lines starting with `#` are comments, the first `=`
 * splits key from value and the value is kept as is. A trailing CR is dropped by the line reader. So a
 * value can hold anything but a line break. (Compose's env_file syntax differs; this is the CLI format.)
 */
export function serializeDocker(values: EnvValues, header?: ExportHeader): string {
  assertExportable(values, 'a docker env-file');
  const lines = headerLines(header);
  for (const [key, value] of Object.entries(values)) {
    if (/[\r\n]/.test(value)) {
      throw refuseValue(key, 'a docker env-file', 'its value has a line break, and docker reads each line literally with no quoting', {
        hint: 'Export as json or dotenv instead, or run the command with the secrets injected: no file at all.',
        ref: header?.ref,
      });
    }
    const line = `${key}=${value}`;
    if (Buffer.byteLength(line, 'utf8') > MAX_LINE_BYTES) {
      throw refuseValue(key, 'a docker env-file', 'its line is longer than the 64 KiB docker can read', { ref: header?.ref });
    }
    lines.push(line);
  }
  return joinLines(lines);
}

export function parseDocker(text: string): EnvValues {
  const out = valueMap();
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  // split() leaves one empty string after the final newline; it is not a line.
  if (lines[lines.length - 1] === '') lines.pop();
  lines.forEach((rawLine, index) => {
    const line = rawLine.replace(/\r$/, '').replace(/^\s+/, '');
    if (line === '' || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    if (eq === -1) {
      throw new AppError('BAD_REQUEST', `Line ${index + 1} of the docker env-file has no value.`, 'Latchkey writes KEY=value lines only.');
    }
    const key = line.slice(0, eq);
    if (!VALID_KEY.test(key)) throw new AppError('BAD_REQUEST', `Line ${index + 1} of the docker env-file uses an invalid key name.`);
    out[key] = line.slice(eq + 1);
  });
  return out;
}
