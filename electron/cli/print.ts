import type { AppErrorShape, ErrorCode } from '../../shared/errors';
import { nextStepLine } from './next-step';

// Printing without zod: the thin CLI (electron/cli/thin/) prints agent answers with these, the full CLI
// with the same functions, so both paths write the same bytes. Type imports only from shared/.

export interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/**
 * Controls a terminal acts on — C0 but tab and newline, DEL, C1 — and the Unicode bidi and line controls:
 * in a team, approver or key name they could recolour, clear or retitle the screen, or make a name read
 * backwards (U+202E). Names come from profiles and servers we do not control.
 */
const TERMINAL_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * Shows each control as `\uXXXX`: visible, not acted on. The same spelling is a JSON escape, so a `--json`
 * document passed through here still parses to exactly the same strings.
 */
function escapeTerminal(text: string): string {
  return text.replace(TERMINAL_CONTROL, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const RAW = Symbol('raw stream');

/**
 * The stream with every string written to it escaped (escapeTerminal). Everything else (isTTY, columns,
 * events) is the stream's own, so readline prompts work on it too. Both CLI entries wrap stdout and
 * stderr once, so no command has to remember to escape what it prints.
 */
export function terminalSafe(stream: NodeJS.WritableStream): NodeJS.WritableStream {
  return new Proxy(stream, {
    get(target, property) {
      if (property === RAW) return target;
      if (property === 'write') {
        return (chunk: unknown, ...rest: unknown[]) =>
          (target.write as (...args: unknown[]) => boolean)(typeof chunk === 'string' ? escapeTerminal(chunk) : chunk, ...rest);
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/**
 * A value the user asked for (`secrets --reveal`): exact bytes when stdout is a pipe or a file, so
 * `> file` and `| pbcopy` get the real value; escaped like any other text on a terminal.
 */
export function printValue(io: Io, value: string): void {
  const stdout = io.stdout as NodeJS.WritableStream & { isTTY?: boolean; [RAW]?: NodeJS.WritableStream };
  (stdout.isTTY ? stdout : (stdout[RAW] ?? stdout)).write(`${value}\n`);
}

/** `--json` answers are one JSON document on stdout, nothing else. */
export function printJson(io: Io, value: unknown): void {
  io.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

/** `error[CODE]: message`, a hint line and the next step as a command; returns the exit code. Never a stack. */
export function printErrorShape(io: Io, error: AppErrorShape, json: boolean): number {
  if (json) {
    printJson(io, { ok: false, error });
  } else {
    io.stderr.write(`error[${error.code}]: ${error.message}\n`);
    if (error.hint) io.stderr.write(`  hint: ${error.hint}\n`);
    const step = error.next && nextStepLine(error.next);
    if (step) io.stderr.write(`  ${step}\n`);
  }
  return exitCodeForCode(error.code);
}

/** Distinct exit codes let scripts tell "fix your input" from "sign in" from "try later". */
export function exitCodeForCode(code: ErrorCode): number {
  switch (code) {
    case 'BAD_REQUEST':
    case 'UNSAFE_TARGET':
      return 2;
    case 'UNAUTHENTICATED':
    case 'FORBIDDEN':
    case 'EXPIRED':
      return 3;
    case 'NOT_FOUND':
    case 'CONFLICT':
      return 4;
    case 'RATE_LIMITED':
    case 'BACKEND_UNAVAILABLE':
    case 'SEALED':
    case 'KEYCHAIN_UNAVAILABLE':
      return 5;
    case 'INTERNAL':
      return 1;
  }
}
