import { describe, expect, it } from 'vitest';
import type { CatalogEnvironment, ExportSummary } from '../../../shared/contract';
import { filterEnvironments, indexEnvironments } from '../../../renderer/src/environments/env-filter';
import { extendChoices } from '../../../renderer/src/exports/ExtendExport';
import { ttlChoices } from '../../../renderer/src/exports/TtlChoice';

const env = (ref: string, access: CatalogEnvironment['access']): CatalogEnvironment => {
  const [backend, rest] = ref.split(':') as [string, string];
  const [project, name] = rest.split('/') as [string, string];
  return { ref, backend, kind: 'vault', project, env: name, path: rest, access, source: 'profile', requestable: null, problem: null };
};

describe('the environments filter', () => {
  const index = indexEnvironments([env('acme:payments/dev', 'granted'), env('acme:payments/prod', 'denied'), env('ops:Billing/dev', 'unknown')]);
  const none = { query: '', roleRefs: null, access: new Set<never>(), backends: new Set<string>() };

  it('matches every word of the query, case-insensitively, in the ref, project or env', () => {
    expect(filterEnvironments(index, { ...none, query: 'PAY dev' }).rows.map((e) => e.ref)).toEqual(['acme:payments/dev']);
    expect(filterEnvironments(index, { ...none, query: 'billing' }).rows.map((e) => e.ref)).toEqual(['ops:Billing/dev']);
  });

  it('counts each chip with the other filters applied, not its own', () => {
    const result = filterEnvironments(index, { ...none, query: 'dev', access: new Set(['granted'] as const) });
    expect(result.rows.map((e) => e.ref)).toEqual(['acme:payments/dev']);
    expect(result.accessCounts).toEqual({ granted: 1, requestable: 0, denied: 0, unknown: 1 });
    expect(Object.fromEntries(result.backendCounts)).toEqual({ acme: 1 });
  });

  it('keeps only the role’s environments', () => {
    expect(filterEnvironments(index, { ...none, roleRefs: new Set(['acme:payments/prod']) }).rows.map((e) => e.ref)).toEqual(['acme:payments/prod']);
  });
});

describe('TTL choices', () => {
  it('never offers more than the max, and always offers the default and the max', () => {
    expect(ttlChoices('8h', '1d')).toEqual(['15m', '1h', '8h', '1d']);
    expect(ttlChoices('2h', '4h')).toEqual(['15m', '1h', '2h', '4h']);
    expect(ttlChoices('10m', '10m')).toEqual(['10m']);
  });

  it('offers an extension only when it ends later than now and within the max from creation', () => {
    const now = Date.parse('2026-01-01T12:00:00Z');
    const item = { createdAt: '2026-01-01T10:00:00Z', expiresAt: '2026-01-01T13:00:00Z' } as ExportSummary;
    expect(extendChoices(item, '1d', now)).toEqual(['8h']); // 1h ends before 13:00; 1d ends after 10:00 + 1d
    expect(extendChoices(item, '30d', now)).toEqual(['8h', '1d', '7d']);
    expect(extendChoices(item, '3h', now)).toEqual([]);
  });
});
