import { absoluteOut } from '../out-path';
import { isEnvRef } from '../../../shared/env-ref';
import { splitKeyList } from '../../exports/key-list';
import { EXPORT_FORMATS } from '../../exports/serializers/formats';

/** A hot command the thin CLI can hand to the agent as it stands: well-formed, nothing left to check here. */
export type HotPlan =
  | { command: 'run'; ref: string; keys?: string[]; argv: string[] }
  | { command: 'export'; input: { ref: string; path: string; keys?: string[]; format: string; ttl?: string; allowUnignored: boolean; replaceExisting: boolean }; json: boolean }
  | { command: 'secrets'; ref: string; reveal?: string; json: boolean }
  | { command: 'envs'; role?: string; json: boolean }
  | { command: 'exports'; json: boolean }
  | { command: 'revoke'; id: string; json: boolean }
  | { command: 'cache-clear'; json: boolean };

interface Spec {
  /** Operands before any `--`; `run` takes the rest as the command. */
  operands: number;
  values: readonly string[];
  flags: readonly string[];
  rest?: boolean;
}

const SPECS: Record<string, Spec> = {
  run: { operands: 1, values: ['keys'], flags: [], rest: true },
  export: { operands: 1, values: ['out', 'keys', 'format', 'ttl'], flags: ['json', 'allow-unignored', 'replace'] },
  secrets: { operands: 1, values: ['reveal'], flags: ['json'] },
  envs: { operands: 0, values: ['role'], flags: ['json'] },
  exports: { operands: 0, values: [], flags: ['json'] },
  revoke: { operands: 1, values: [], flags: ['json'] },
  cache: { operands: 1, values: [], flags: ['json'] },
};

/**
 * Reads argv the way commander reads these commands (options anywhere, `--opt value` or `--opt=value`,
 * `--` ends options), but only the plain, valid shapes: anything else — help, an unknown or repeated
 * option, a missing operand, a ref or format the full CLI would refuse — returns null, and the full CLI
 * runs instead and says what is wrong in its own words. So both paths print the same.
 */
export function parseHot(argv: string[], cwd: string): HotPlan | null {
  const [command, ...args] = argv;
  const spec = command === undefined ? undefined : SPECS[command];
  if (!spec) return null;
  // `cache` has one subcommand; its options belong to `clear`, so only this exact shape.
  if (command === 'cache' && !(args[0] === 'clear' && (args.length === 1 || (args.length === 2 && args[1] === '--json')))) return null;
  const operands: string[] = [];
  const options = new Map<string, string | true>();
  let rest: string[] | null = null;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      rest = args.slice(i + 1);
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      operands.push(arg);
      continue;
    }
    if (!arg.startsWith('--')) return null; // -h, -v, bundles: the full CLI
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    if (options.has(name)) return null;
    if (spec.flags.includes(name) && eq === -1) {
      options.set(name, true);
    } else if (spec.values.includes(name)) {
      const value = eq === -1 ? args[++i] : arg.slice(eq + 1);
      if (value === undefined || value.startsWith('-')) return null;
      options.set(name, value);
    } else {
      return null;
    }
  }
  const text = (name: string) => options.get(name) as string | undefined;
  const json = options.get('json') === true;
  if (spec.rest) {
    const [ref, ...start] = operands;
    const argv = [...start, ...(rest ?? [])];
    if (ref === undefined || argv.length === 0 || !isRef(ref)) return null;
    const keys = keyList(text('keys'));
    return keys === null ? null : { command: 'run', ref, ...(keys ? { keys } : {}), argv };
  }
  if (rest !== null && rest.length > 0) return null;
  if (operands.length !== spec.operands) return null;
  switch (command) {
    case 'export': {
      const [ref] = operands as [string];
      const out = text('out');
      const format = text('format') ?? 'dotenv';
      const keys = keyList(text('keys'));
      if (!isRef(ref) || out === undefined || out === '' || keys === null || !(EXPORT_FORMATS as readonly string[]).includes(format)) return null;
      const ttl = text('ttl');
      return {
        command: 'export',
        input: { ref, path: absoluteOut(cwd, out), ...(keys ? { keys } : {}), format, ...(ttl === undefined ? {} : { ttl }), allowUnignored: options.has('allow-unignored'), replaceExisting: options.has('replace') },
        json,
      };
    }
    case 'secrets': {
      const [ref] = operands as [string];
      const reveal = text('reveal');
      if (!isRef(ref) || reveal === '') return null;
      return { command: 'secrets', ref, ...(reveal === undefined ? {} : { reveal }), json };
    }
    case 'envs':
      return { command: 'envs', ...(text('role') === undefined ? {} : { role: text('role') }), json };
    case 'exports':
      return { command: 'exports', json };
    case 'revoke':
      return operands[0] ? { command: 'revoke', id: operands[0], json } : null;
    case 'cache':
      return operands[0] === 'clear' ? { command: 'cache-clear', json } : null;
    default:
      return null;
  }
}

const isRef = isEnvRef;

/** undefined: no --keys; null: a list the full CLI refuses (no key in it). */
function keyList(text: string | undefined): string[] | undefined | null {
  if (text === undefined) return undefined;
  const keys = splitKeyList(text);
  return keys.length === 0 ? null : keys;
}
