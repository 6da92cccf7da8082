import { describe, expect, it } from 'vitest';
import { formatDuration, formatRoughDuration, formatTimeLeft } from '../../../shared/time';

describe('shared time formatting (the CLI and the app use the same one)', () => {
  it('writes time left to the second under an hour, to the minute under a day, then days and hours', () => {
    expect([40, 725, 28_740, 2 * 86_400 + 3 * 3600].map((s) => formatTimeLeft(s))).toEqual(['40s', '12m05s', '7h59m', '2d3h']);
    expect(formatTimeLeft(28_740, { spaced: true })).toBe('7h 59m');
  });

  it('never shows negative or fractional time', () => {
    expect(formatTimeLeft(-5)).toBe('0s');
    expect(formatTimeLeft(59.9)).toBe('59s');
  });

  it('writes a duration exactly, as people type it', () => {
    expect([28_800, 5400, 45, 90_061, 0].map((s) => formatDuration(s))).toEqual(['8h', '1h30m', '45s', '1d1h1m1s', '0s']);
    expect(formatDuration(5400, { spaced: true })).toBe('1h 30m');
  });

  it('writes a rough length for sentences', () => {
    expect([12_400, 180_000, 7_200_000].map(formatRoughDuration)).toEqual(['12 s', '3 min', '2 h']);
  });
});
