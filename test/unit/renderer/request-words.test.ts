import { describe, expect, it } from 'vitest';
import type { AccessRequestView } from '../../../shared/access';
import { countdownTo, durationText, shortenChoices } from '../../../renderer/src/requests/request-words';

const view = (over: Partial<AccessRequestView>): AccessRequestView => ({
  id: '0123456789abcdef', ref: 'acme:payments/staging', backend: 'acme', reason: 'INC-1: look', durationSeconds: 3600, requester: null,
  createdAt: '2030-01-01T00:00:00.000Z', requestExpiresAt: '2030-01-02T00:00:00.000Z', state: 'pending', box: 'mine',
  device: { fingerprint: null, trust: 'account' }, tampered: false, decision: null, secondsLeft: null, problem: null, ...over,
});

describe('the Requests screen words', () => {
  it('offers an approver only durations shorter than asked, and exactly what was asked', () => {
    expect(shortenChoices(8 * 3600).map((c) => c.text)).toEqual(['15m', '30m', '1h', '2h', '4h', '28800s']);
    expect(shortenChoices(20 * 60).map((c) => [c.text, c.seconds])).toEqual([['15m', 900], ['1200s', 1200]]);
    expect(shortenChoices(600).map((c) => c.text)).toEqual(['600s']);
  });

  it('counts down to the grant\'s end, or to the lapse of a request nobody decided', () => {
    const decision = { verdict: 'approved' as const, by: 'lead', at: '2030-01-01T01:00:00.000Z', comment: null, grantedSeconds: 900, grantExpiresAt: '2030-01-01T01:15:00.000Z' };
    expect(countdownTo(view({ state: 'active', decision }))).toEqual({ at: decision.grantExpiresAt, label: 'Ends in' });
    expect(countdownTo(view({ state: 'not-sent' }))).toEqual({ at: '2030-01-02T00:00:00.000Z', label: 'Lapses in' });
    expect(countdownTo(view({ state: 'expired', decision }))).toBeNull();
    expect(durationText(5400)).toBe('1h 30m');
  });
});
