import { describe, expect, it } from 'vitest';
// @ts-expect-error -- plain ESM helper of test/run-all.mjs, no type declarations
import { judgeSkips, playwrightSkips, vitestSkips } from '../../setup/skips.mjs';

const root = '/repo';

describe('npm test accepts a skip only with a listed reason that holds here', () => {
  it('refuses a keychain suite that skipped (the silent-skip failure mode)', () => {
    const report = {
      testResults: [
        { name: '/repo/test/integration/cli/audit.test.ts', assertionResults: [{ status: 'skipped', fullName: 'latchkey audit lists entries' }, { status: 'passed', fullName: 'x' }] },
        { name: '/repo/test/integration/exports/fifo.test.ts', assertionResults: [{ status: 'skipped', fullName: 'serveFifo serves once' }] },
      ],
    };
    const { allowed, unexplained } = judgeSkips(vitestSkips(report, root));
    // FIFOs are skipped only on Windows; this is not Windows.
    expect(allowed).toEqual([]);
    expect(unexplained.map((s: { file: string }) => s.file)).toEqual(['test/integration/cli/audit.test.ts', 'test/integration/exports/fifo.test.ts']);
  });

  it('accepts the Electron launch test skipped for a stated reason, and prints that reason', () => {
    const report = (description?: string) => ({
      config: { rootDir: '/repo/test/e2e' },
      suites: [{ file: 'electron-launch.spec.ts', specs: [{ file: 'electron-launch.spec.ts', title: 'the app starts', tests: [{ status: 'skipped', annotations: description ? [{ type: 'skip', description }] : [] }] }] }],
    });
    const withReason = judgeSkips(playwrightSkips(report('no Electron binary (node_modules/electron/path.txt missing)'), root));
    expect(withReason.allowed).toEqual([{ file: 'test/e2e/electron-launch.spec.ts', title: 'the app starts', reason: 'no Electron binary (node_modules/electron/path.txt missing)' }]);
    expect(judgeSkips(playwrightSkips(report(), root)).unexplained).toHaveLength(1);
  });
});
