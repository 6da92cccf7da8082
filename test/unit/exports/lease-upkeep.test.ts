import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../../shared/errors';
import { keepLeasesAlive, renewForExport, type HeldLease } from '../../../electron/exports/lease-upkeep';

const lease = (extra: Partial<HeldLease> = {}): HeldLease => ({
  id: 'database/creds/app/fake-lease-id',
  backend: 'acme',
  durationSeconds: 60,
  renewable: true,
  variable: 'DATABASE_URL',
  ...extra,
});

describe('renewForExport', () => {
  const now = () => Date.parse('2026-03-01T10:00:00Z');
  const until = Date.parse('2026-03-01T12:00:00Z');

  it('asks for the seconds left until the export expires', async () => {
    const renew = vi.fn(async (_l: HeldLease, increment: number) => ({ durationSeconds: increment }));
    expect(await renewForExport([lease()], until, now, renew)).toEqual([]);
    expect(renew).toHaveBeenCalledWith(lease(), 7200);
  });

  it('does not ask for non-renewable leases, but warns when they end first', async () => {
    const renew = vi.fn(async () => ({ durationSeconds: 0 }));
    const warnings = await renewForExport([lease({ renewable: false })], until, now, renew);
    expect(renew).not.toHaveBeenCalled();
    expect(warnings).toEqual([expect.stringContaining("DATABASE_URL's credentials end at 2026-03-01T10:01:00.000Z")]);
  });

  it('names the path without the lease suffix when the variable is unknown', async () => {
    const renew = vi.fn(async () => ({ durationSeconds: 60 }));
    const [warning] = await renewForExport([lease({ variable: undefined })], until, now, renew);
    expect(warning).toContain('database/creds/app/…');
    expect(warning).not.toContain('fake-lease-id');
  });
});

describe('keepLeasesAlive', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('renews with the first TTL when a third is left, until stopped', async () => {
    const renew = vi.fn(async () => ({ durationSeconds: 60 }));
    const stop = keepLeasesAlive([lease()], renew);
    await vi.advanceTimersByTimeAsync(39_000);
    expect(renew).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(renew).toHaveBeenCalledWith(lease(), 60);
    await vi.advanceTimersByTimeAsync(40_000);
    expect(renew).toHaveBeenCalledTimes(2);
    stop();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(renew).toHaveBeenCalledTimes(2);
  });

  it('stops renewing a capped lease, and reports a failed renewal without the lease id', async () => {
    const capped = vi.fn(async () => ({ durationSeconds: 10 }));
    keepLeasesAlive([lease()], capped);
    await vi.advanceTimersByTimeAsync(200_000);
    expect(capped).toHaveBeenCalledTimes(1);

    const onError = vi.fn();
    const failing = vi.fn(async () => {
      throw new AppError('BAD_REQUEST', 'gone');
    });
    keepLeasesAlive([lease()], failing, { onError });
    await vi.advanceTimersByTimeAsync(200_000);
    expect(failing).toHaveBeenCalledTimes(1);
    expect(onError).toHaveBeenCalledWith(expect.stringContaining("DATABASE_URL's credentials could not be renewed"));
    expect(onError.mock.calls[0]![0]).not.toContain('fake-lease-id');
  });

  it('leaves non-renewable leases alone', async () => {
    const renew = vi.fn(async () => ({ durationSeconds: 60 }));
    keepLeasesAlive([lease({ renewable: false })], renew);
    await vi.advanceTimersByTimeAsync(200_000);
    expect(renew).not.toHaveBeenCalled();
  });
});
