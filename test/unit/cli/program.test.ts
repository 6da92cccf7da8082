import { describe, expect, it } from 'vitest';
import pkg from '../../../package.json';
import { exitCodeFor, printError } from '../../../electron/cli/output';
import { AppError } from '../../../shared/errors';
import { cli } from '../../support/cli';
import { useTempDirs } from '../../support/temp-dir';

const tempDir = useTempDirs();

describe('latchkey CLI', () => {
  it('prints the package version', async () => {
    const result = await cli(['--version'], { home: await tempDir() });
    expect(result).toMatchObject({ code: 0 });
    expect(result.stdout.trim()).toBe(pkg.version);
  });

  it('rejects an unknown command with a usage error and exit code 2', async () => {
    const result = await cli(['frobnicate'], { home: await tempDir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown command 'frobnicate'");
  });

  it('prints errors as error[CODE]: message plus a hint, never a stack', () => {
    let text = '';
    const sink = { write: (s: string) => ((text += s), true) } as unknown as NodeJS.WritableStream;
    const code = printError({ stdout: sink, stderr: sink }, new AppError('SEALED', 'Vault at http://127.0.0.1:1 is sealed.', 'Ask an operator to unseal it.'), false);
    expect(text).toBe('error[SEALED]: Vault at http://127.0.0.1:1 is sealed.\n  hint: Ask an operator to unseal it.\n');
    expect(code).toBe(5);
  });

  it('hides the text of unexpected errors (they may carry secrets)', () => {
    let text = '';
    const sink = { write: (s: string) => ((text += s), true) } as unknown as NodeJS.WritableStream;
    printError({ stdout: sink, stderr: sink }, new Error('boom fake-token-canary-91c'), false);
    expect(text).toMatch(/^error\[INTERNAL\]: /);
    expect(text).not.toContain('fake-token-canary-91c');
    expect(text).not.toMatch(/\n\s+at /);
  });

  it('maps every error code to a non-zero exit code', () => {
    for (const code of ['BAD_REQUEST', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'RATE_LIMITED', 'BACKEND_UNAVAILABLE', 'SEALED', 'KEYCHAIN_UNAVAILABLE', 'UNSAFE_TARGET', 'EXPIRED', 'INTERNAL'] as const) {
      expect(exitCodeFor(new AppError(code, 'x'))).toBeGreaterThan(0);
    }
  });
});
