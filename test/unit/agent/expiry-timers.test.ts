import { writeFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startExpiryTimers, type ExpiryTimers } from '../../../electron/agent/expiry-timers';
import { useTempDirs } from '../../support/temp-dir';

const tempDir = useTempDirs();
const running: ExpiryTimers[] = [];
afterEach(() => running.splice(0).forEach((t) => t.stop()));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function start(dataDir: string, expiries: () => string[], sweep = vi.fn(async () => undefined)) {
  const read = vi.fn(async () => expiries());
  const onDirGone = vi.fn();
  const timers = startExpiryTimers({ dataDir, expiries: read, sweep, log: () => undefined, onDirGone });
  running.push(timers);
  return { timers, read, sweep, onDirGone };
}

describe('export expiry timers', () => {
  it('sweeps at the earliest expiry, then arms for the next one', async () => {
    const t0 = Date.now();
    let times = [new Date(t0 + 300).toISOString(), new Date(t0 + 60_000).toISOString()];
    const sweep = vi.fn(async () => void (times = times.slice(1)));
    const { timers } = start(await tempDir(), () => times, sweep);
    await vi.waitFor(() => expect(sweep).toHaveBeenCalledTimes(1), { timeout: 2_000 });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(295);
    await vi.waitFor(() => expect(timers.nextAt()).toBe(t0 + 60_000));
  });

  it('reads the ledger once and then waits: a timer, not a poll loop', async () => {
    const later = new Date(Date.now() + 60_000).toISOString();
    const { read, sweep } = start(await tempDir(), () => [later]);
    await sleep(700);
    expect(read).toHaveBeenCalledTimes(1);
    expect(sweep).not.toHaveBeenCalled();
  });

  it('re-arms when another process changes exports.json in the data dir', async () => {
    const dir = await tempDir();
    let times: string[] = [];
    const { sweep, timers } = start(dir, () => times, vi.fn(async () => void (times = [])));
    await vi.waitFor(() => expect(timers.nextAt()).toBeNull());
    times = [new Date(Date.now() + 200).toISOString()];
    await writeFile(path.join(dir, 'exports.json'), '{}');
    await vi.waitFor(() => expect(sweep).toHaveBeenCalledTimes(1), { timeout: 3_000 });
  });

  it('does not spin when a sweep leaves a due export behind (retries later)', async () => {
    const past = new Date(Date.now() - 1_000).toISOString();
    const { sweep } = start(await tempDir(), () => [past]);
    await sleep(500);
    expect(sweep).toHaveBeenCalledTimes(1);
  });

  it('says so when its data dir is removed', async () => {
    const dir = await tempDir();
    const { onDirGone } = start(dir, () => []);
    await sleep(50);
    await rm(dir, { recursive: true, force: true });
    await vi.waitFor(() => expect(onDirGone).toHaveBeenCalled(), { timeout: 3_000 });
  });
});
