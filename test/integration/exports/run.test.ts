import { describe, expect, it } from 'vitest';
import { runWithSecrets } from '../../../electron/exports/run';

describe('runWithSecrets', () => {
  it("injects values into the child's environment and returns its exit code", async () => {
    const code = await runWithSecrets({
      command: process.execPath,
      args: ['-e', 'process.exit(process.env.API_KEY === "fake value with spaces=\\n$x" ? 7 : 1)'],
      values: { API_KEY: 'fake value with spaces=\n$x' },
    });
    expect(code).toBe(7);
  });

  it('reports a child killed by a signal as 128 + signal', async () => {
    const code = await runWithSecrets({ command: process.execPath, args: ['-e', 'process.kill(process.pid, "SIGTERM")'], values: {} });
    expect(code).toBe(128 + 15);
  });

  it('refuses a command that does not exist with a clear error', async () => {
    await expect(runWithSecrets({ command: 'latchkey-no-such-command', args: [], values: {} })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('Command not found'),
    });
  });
});
