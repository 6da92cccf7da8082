import { describe, expect, it } from 'vitest';
import { freshnessLine } from '../../../electron/cli/views/catalog-views';

const NOW = Date.parse('2026-01-01T00:15:00Z');
const described = (extra: object) => ({ ref: 'acme:payments/dev', secrets: [], ...extra });

describe('latchkey secrets: where the answer came from', () => {
  it('says how old a cached answer is and how long it stays fresh', () => {
    expect(freshnessLine(described({ readAt: '2026-01-01T00:12:00Z', cachedUntil: '2026-01-01T00:27:00Z', fromCache: true }), NOW)).toBe(
      'from cache, read 3 min ago, fresh for 12 min',
    );
  });

  it('says a fresh answer was read now, and for how long it is kept', () => {
    expect(freshnessLine(described({ readAt: '2026-01-01T00:15:00Z', cachedUntil: '2026-01-01T00:30:00Z', fromCache: false }), NOW)).toBe(
      'read now, kept in memory for 15 min',
    );
    expect(freshnessLine(described({ readAt: '2026-01-01T00:15:00Z', cachedUntil: null, fromCache: false }), NOW)).toBe('read now, not kept in memory');
  });

  it('says nothing when the backend is not read through the cache', () => {
    expect(freshnessLine(described({}), NOW)).toBeNull();
  });
});
