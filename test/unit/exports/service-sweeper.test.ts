import { afterEach, describe, expect, it, vi } from 'vitest';
import { startSweeper } from '../../../electron/exports/app-sweeper';

afterEach(() => vi.useRealTimers());

describe("the app's export sweeper", () => {
  it('sweeps at start and then on every tick', async () => {
    vi.useFakeTimers();
    const sweep = vi.fn(async () => []);
    const handle = startSweeper({ exports: { sweep } }, 1_000);
    await handle.firstSweep;
    expect(sweep).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(sweep).toHaveBeenCalledTimes(3);
    handle.stop();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(sweep).toHaveBeenCalledTimes(3);
  });

  it('by default sweeps every 30 seconds, as the README promises', async () => {
    vi.useFakeTimers();
    const sweep = vi.fn(async () => []);
    const handle = startSweeper({ exports: { sweep } });
    await handle.firstSweep;
    await vi.advanceTimersByTimeAsync(29_999);
    expect(sweep).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(sweep).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sweep).toHaveBeenCalledTimes(4);
    handle.stop();
  });

  it('reports a failed sweep by message only and keeps going', async () => {
    vi.useFakeTimers();
    const sweep = vi.fn().mockRejectedValueOnce(new Error('disk full')).mockResolvedValue([]);
    const report = vi.fn();
    const handle = startSweeper({ exports: { sweep } }, 1_000, report);
    await handle.firstSweep;
    expect(report).toHaveBeenCalledWith(expect.stringContaining('disk full'));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(sweep).toHaveBeenCalledTimes(2);
    handle.stop();
  });

  it('never runs two sweeps at once', async () => {
    vi.useFakeTimers();
    let release!: () => void;
    const sweep = vi.fn(() => new Promise<[]>((resolve) => (release = () => resolve([]))));
    const handle = startSweeper({ exports: { sweep } }, 100);
    await vi.advanceTimersByTimeAsync(500);
    expect(sweep).toHaveBeenCalledTimes(1);
    release();
    await handle.firstSweep;
    handle.stop();
  });
});
