import { AppError } from '../../../shared/errors';

export { headerLines, type ExportHeader } from '../header';

export type EnvValues = Record<string, string>;

/** POSIX-ish variable names: what every shell, docker and the dotenv package accept as a key. */
export const VALID_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

// A lone surrogate cannot be written as UTF-8: it would come back as U+FFFD, a silently different value.
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Checks what every format needs: valid key names, no NUL (no environment can hold one) and text that
 * survives UTF-8. Messages name the key, never the value.
 */
export function assertExportable(values: EnvValues, formatName: string): void {
  for (const [key, value] of Object.entries(values)) {
    if (!VALID_KEY.test(key)) {
      throw new AppError(
        'BAD_REQUEST',
        `Cannot export key "${printableKey(key)}": it is not a valid variable name.`,
        'Variable names use letters, digits and _, and do not start with a digit. Rename the secret or leave it out of the export.',
      );
    }
    if (typeof value !== 'string') {
      throw new AppError('BAD_REQUEST', `Cannot export key ${key}: its value is not text.`);
    }
    // No environment can hold these either, so injecting them into a command is no way out.
    if (value.includes('\0')) {
      throw refuseValue(key, formatName, 'its value contains a NUL character, which no environment variable can hold', { hint: NOT_TEXT_HINT });
    }
    if (LONE_SURROGATE.test(value)) {
      throw refuseValue(key, formatName, 'its value is not valid Unicode text (it has a lone surrogate)', { hint: NOT_TEXT_HINT });
    }
  }
}

const NOT_TEXT_HINT = 'Leave that key out of the export, or fix the value where it is stored.';

/**
 * A value this format cannot hold exactly. Unless `hint` says otherwise, a command's environment can hold
 * it, so the way out is another format or injecting it into the command; `ref` (the environment being
 * exported, when known) makes that the next step.
 */
export function refuseValue(key: string, formatName: string, why: string, options: { hint?: string; ref?: string } = {}): AppError {
  return new AppError(
    'BAD_REQUEST',
    `Cannot write key ${key} as ${formatName}: ${why}.`,
    options.hint ?? 'Choose another export format, or run the command with the secrets injected instead: no file at all.',
    options.ref === undefined ? undefined : { next: { action: 'run', ref: options.ref } },
  );
}

/** Keys that a person may have typed with odd characters: shown escaped so the message stays one clean line. */
function printableKey(key: string): string {
  const shown = JSON.stringify(key.length > 64 ? `${key.slice(0, 64)}…` : key);
  return shown.slice(1, -1);
}

/** Values that need no quoting in dotenv or shell: kept bare so the common case stays readable. */
export const BARE_VALUE = /^[A-Za-z0-9_./:@%+,-]+$/;

export function joinLines(lines: string[]): string {
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

export function unreadable(formatName: string, line: number, what: string): AppError {
  return new AppError('BAD_REQUEST', `Line ${line} of the ${formatName} text is not ${what}.`, 'Fix or remove that line.');
}
