import { lstat, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { serveFifo } from '../../../electron/exports/fifo';
import { useTempDirs } from '../../support/temp-dir';

const tempDir = useTempDirs();

/** Rejects if `promise` has not settled within `ms`: a server stuck in a blocking open() never settles. */
function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`still pending after ${ms} ms`)), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

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

  it('stops when the pipe is removed under it before the stop signal arrives (as `revoke` does)', async () => {
    const file = path.join(await tempDir(), '.env');
    const stop = new AbortController();
    const served = serveFifo({ path: file, content: () => 'X=1\n', expiresAt: Date.now() + 30_000, signal: stop.signal });
    await waitForFifo(file);
    await rm(file);
    stop.abort();
    expect(await within(2_000, served)).toEqual({ reads: 0, reason: 'stopped' });
  });

  it('leaves alone a file that took the pipe\'s name, and never writes into it', async () => {
    const file = path.join(await tempDir(), '.env');
    const served = serveFifo({ path: file, content: () => 'API_KEY=fake-value\n', expiresAt: Date.now() + 30_000 });
    await waitForFifo(file);
    await rm(file);
    await writeFile(file, 'mine');
    expect(await within(2_000, served)).toEqual({ reads: 0, reason: 'stopped' });
    expect(await readFile(file, 'utf8')).toBe('mine');
  });

  it('keeps the threadpool free while waiting for readers, so other file work still runs', async () => {
    const dir = await tempDir();
    const stop = new AbortController();
    // More idle servers than libuv's 4 threads: a blocking open() per server would starve every fs call.
    const servers = Array.from({ length: 6 }, (_, i) =>
      serveFifo({ path: path.join(dir, `p${i}`), content: () => 'X=1\n', expiresAt: Date.now() + 30_000, signal: stop.signal }));
    for (let i = 0; i < 6; i++) await within(2_000, waitForFifo(path.join(dir, `p${i}`)));
    await writeFile(path.join(dir, 'other'), 'ok');
    expect(await within(2_000, readFile(path.join(dir, 'other'), 'utf8'))).toBe('ok');
    stop.abort();
    expect((await within(2_000, Promise.all(servers))).map((e) => e.reason)).toEqual(Array(6).fill('stopped'));
  });

  it('serves text larger than the pipe buffer whole', async () => {
    const file = path.join(await tempDir(), '.env');
    const big = `BIG=${'x'.repeat(300_000)}\n`;
    const served = serveFifo({ path: file, content: () => big, expiresAt: Date.now() + 30_000, maxReads: 1 });
    await waitForFifo(file);
    expect(await readFile(file, 'utf8')).toBe(big);
    expect(await served).toEqual({ reads: 1, reason: 'max-reads' });
  });
});
