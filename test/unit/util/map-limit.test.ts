import { describe, expect, it } from 'vitest';
import { mapLimit } from '../../../electron/util/map-limit';

describe('mapLimit', () => {
  it('keeps input order and never has more than `limit` calls in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const out = await mapLimit([50, 10, 30, 20, 40, 5], 2, async (ms, i) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, ms));
      inFlight--;
      return i * 10;
    });
    expect(out).toEqual([0, 10, 20, 30, 40, 50]);
    expect(peak).toBe(2);
  });

  it('rejects when one call fails', async () => {
    await expect(mapLimit([1, 2], 4, async (n) => { if (n === 2) throw new Error('boom'); return n; })).rejects.toThrow('boom');
  });
});
