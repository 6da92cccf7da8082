import { describe, expect, it } from 'vitest';
import { parseHot } from '../../../electron/cli/thin/parse';

const CWD = '/home/dana/app';
const plan = (...argv: string[]) => parseHot(argv, CWD);

describe('what the thin CLI sends to the agent', () => {
  it('reads the hot commands in every form commander accepts for them', () => {
    expect(plan('run', 'acme:payments/dev', '--', 'npm', 'run', 'dev', '--json')).toEqual({ command: 'run', ref: 'acme:payments/dev', argv: ['npm', 'run', 'dev', '--json'] });
    expect(plan('run', '--keys', 'A, B,A', 'acme:payments/dev', 'true')).toEqual({ command: 'run', ref: 'acme:payments/dev', keys: ['A', 'B'], argv: ['true'] });
    expect(plan('export', 'acme:payments/dev', '--out=.env', '--format', 'json', '--ttl', '15m', '--json', '--replace')).toEqual({
      command: 'export',
      input: { ref: 'acme:payments/dev', path: '/home/dana/app/.env', format: 'json', ttl: '15m', allowUnignored: false, replaceExisting: true },
      json: true,
    });
    expect(plan('secrets', 'acme:payments/dev', '--reveal', 'API_KEY')).toEqual({ command: 'secrets', ref: 'acme:payments/dev', reveal: 'API_KEY', json: false });
    expect(plan('envs', '--role', 'dev', '--json')).toEqual({ command: 'envs', role: 'dev', json: true });
    expect(plan('exports')).toEqual({ command: 'exports', json: false });
    expect(plan('revoke', '3f9c2a1b', '--json')).toEqual({ command: 'revoke', id: '3f9c2a1b', json: true });
    expect(plan('cache', 'clear', '--json')).toEqual({ command: 'cache-clear', json: true });
  });

  it.each([
    ['not a hot command', ['login', 'acme']],
    ['help', ['secrets', '--help']],
    ['a short option', ['exports', '-h']],
    ['an unknown option', ['exports', '--all']],
    ['a repeated option', ['export', 'acme:payments/dev', '--out', 'a', '--out', 'b']],
    ['a missing operand', ['secrets']],
    ['one operand too many', ['revoke', 'a', 'b']],
    ['a ref the full CLI refuses', ['secrets', 'not-a-ref']],
    ['an unknown format', ['export', 'acme:payments/dev', '--out', '.env', '--format', 'yaml']],
    ['an empty key list', ['export', 'acme:payments/dev', '--out', '.env', '--keys', ' , ']],
    ['no --out', ['export', 'acme:payments/dev']],
    ['a value that looks like an option', ['export', 'acme:payments/dev', '--out', '--json']],
    ['run without a command', ['run', 'acme:payments/dev', '--']],
    ['a flag given a value', ['exports', '--json=yes']],
    ['cache without clear', ['cache']],
    ['an empty reveal', ['secrets', 'acme:payments/dev', '--reveal=']],
  ])('leaves %s to the full CLI', (_what, argv) => {
    expect(parseHot(argv, CWD)).toBeNull();
  });
});
