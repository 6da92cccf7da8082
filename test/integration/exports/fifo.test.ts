import { lstat, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { serveFifo } from '../../../electron/exports/fifo';
import { useTempDirs } from '../../support/temp-dir';

const tempDir = useTempDirs();

async function waitForFifo(file: string) {
  for (let i = 0; i < 100; i++) {
    const s = await lstat(file).catch(() => null);
    if (s?.isFIFO()) return s;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('fifo never appeared');
}

describe.skipIf(process.platform === 'win32')('serveFifo', () => {
  it('serves the text to each reader through a 0600 pipe, then removes it after max reads', async () => {
    const file = path.join(await tempDir(), '.env');
    const served = serveFifo({ path: file, content: () => 'API_KEY=fake-value\n', expiresAt: Date.now() + 30_000, maxReads: 2 });
    const s = await waitForFifo(file);
    expect(s.mode & 0o777).toBe(0o600);
    expect(await readFile(file, 'utf8')).toBe('API_KEY=fake-value\n');
    expect(await readFile(file, 'utf8')).toBe('API_KEY=fake-value\n');
    expect(await served).toEqual({ reads: 2, reason: 'max-reads' });
    await expect(lstat(file)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('removes the pipe at expiry even when nobody read it', async () => {
    const file = path.join(await tempDir(), '.env');
    const end = await serveFifo({ path: file, content: () => 'X=1\n', expiresAt: Date.now() + 300 });
    expect(end).toEqual({ reads: 0, reason: 'expired' });
    await expect(lstat(file)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses to replace an existing file', async () => {
    const dir = await tempDir();
    const file = path.join(dir, '.env');
    await (await import('node:fs/promises')).writeFile(file, 'mine');
    await expect(serveFifo({ path: file, content: () => '', expiresAt: Date.now() + 1000 })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await readFile(file, 'utf8')).toBe('mine');
  });
});
