import { describe, expect, it } from 'vitest';
import type { AccessNotification, AccessRequestView } from '../../../shared/access';
import { AccessNotifier } from '../../../electron/access/notifier';
import { createEventBus } from '../../../electron/event-bus';
import { iso, view } from './fixtures';

/** The notifier over a scripted list: each poll answers the next list. */
function scripted(lists: AccessRequestView[][]) {
  const events = createEventBus();
  const seen: AccessNotification[] = [];
  let changes = 0;
  events.on('access:notification', (n) => seen.push(n));
  events.on('access:changed', () => changes++);
  let i = 0;
  const notifier = new AccessNotifier({ list: async () => ({ requests: lists[Math.min(i++, lists.length - 1)]!, problems: [] }) }, events, () => Date.parse(iso(0)));
  return { notifier, seen, changes: () => changes };
}

describe('access notifications', () => {
  it('reminds 1 h and 10 min before a grant ends, once each, only for grants longer than that', async () => {
    const before = iso(-100); // approved before the notifier first looked: no "approved" news
    const { notifier, seen } = scripted([
      [view({ secondsLeft: 4000, createdAt: before })],
      [view({ secondsLeft: 3500, createdAt: before })],
      [view({ secondsLeft: 3000, createdAt: before })],
      [view({ secondsLeft: 500, createdAt: before })],
      [view({ secondsLeft: 400, createdAt: before })],
    ]);
    for (let i = 0; i < 5; i++) await notifier.poll();
    expect(seen.map((n) => `${n.kind}:${n.minutesLeft}`)).toEqual(['ending:60', 'ending:10']);
    const short = scripted([[view({ secondsLeft: 1700, createdAt: before, decision: { ...view({}).decision!, grantedSeconds: 1800 } })]]);
    await short.notifier.poll();
    expect(short.seen).toEqual([]);
  });

  it('says approved or denied when it sees the change, waiting for you once per request', async () => {
    const { notifier, seen, changes } = scripted([
      [view({ id: 'a', state: 'pending', decision: null }), view({ id: 'b', box: 'inbox', state: 'pending', decision: null })],
      [view({ id: 'a', state: 'active' }), view({ id: 'b', box: 'inbox', state: 'pending', decision: null })],
    ]);
    await notifier.poll();
    await notifier.poll();
    expect(seen.map((n) => `${n.kind}:${n.id}`)).toEqual(['waiting:b', 'approved:a']);
    expect(changes()).toBe(2);
  });

  it('stays quiet about decisions made before it first looked', async () => {
    const { notifier, seen } = scripted([[view({ id: 'old', state: 'active', createdAt: iso(-100), secondsLeft: 5000 })]]);
    await notifier.poll();
    expect(seen).toEqual([]);
  });
});
