import { describe, expect, it } from 'vitest';
import { nextStepLine } from '../../../electron/cli/next-step';
import { nextStepLabel, nextStepText } from '../../../renderer/src/components/error-words';

describe('export next steps: a command line in the terminal, words in the app', () => {
  it('run: the CLI prints the run command for that environment (quoted when the shell would read it), the app points at Run…', () => {
    expect(nextStepLine({ action: 'run', ref: 'acme:payments/dev' })).toBe('run: latchkey run acme:payments/dev -- <command>');
    expect(nextStepLine({ action: 'run', ref: "acme:o'brien/$HOME" })).toBe(`run: latchkey run 'acme:o'\\''brien/$HOME' -- <command>`);
    expect(nextStepText({ action: 'run', ref: 'acme:payments/dev' })).toBe('Run your command with the secrets of acme:payments/dev injected instead ("Run…" in its details): no file at all.');
  });

  it('replace-file: the CLI offers --replace, the app only says it does not replace a file it did not write', () => {
    const next = { action: 'replace-file', path: '/work/app/.env' } as const;
    expect(nextStepLine(next)).toBe("run: the same command again with --replace (that file's content is lost)");
    expect(nextStepText(next)).not.toMatch(/--replace|latchkey/);
    expect(nextStepLabel(next)).toBe(nextStepText(next));
  });
});
