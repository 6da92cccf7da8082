import type { AccessNotification, AccessRequestView, RequestState } from '../../shared/access';
import type { EventBus } from '../event-bus';
import { formatLeft } from '../exports/ttl';
import type { AccessService } from './access-service';

const WAITING: ReadonlySet<RequestState> = new Set(['pending', 'not-sent']);
/** Reminders before a grant ends, in minutes, latest first. */
const REMINDERS = [10, 60] as const;

/**
 * Turns changes in the request lists into notifications on the event bus: approved, denied, waiting for
 * you, a grant ends in 1 h and in 10 min. The app polls it on a timer (start); the OS notification glue
 * listens to `access:notification`. Each notification is sent once per process.
 */
export class AccessNotifier {
  private readonly states = new Map<string, RequestState>();
  private readonly sent = new Set<string>();
  private readonly startedAt: number;

  constructor(
    private readonly access: Pick<AccessService, 'list'>,
    private readonly events: EventBus,
    now: () => number = Date.now,
  ) {
    this.startedAt = now();
  }

  /** Looks once; returns what it notified (also emitted). Errors are the caller's: start() swallows them. */
  async poll(): Promise<AccessNotification[]> {
    const { requests } = await this.access.list('all');
    const out: AccessNotification[] = [];
    let changed = false;
    for (const r of requests) {
      const key = `${r.box}:${r.id}`;
      const before = this.states.get(key);
      this.states.set(key, r.state);
      if (before !== undefined && before !== r.state) changed = true;
      const note = this.noteFor(r, before);
      if (note && !this.sent.has(`${note.kind}:${r.id}:${note.minutesLeft ?? ''}`)) {
        this.sent.add(`${note.kind}:${r.id}:${note.minutesLeft ?? ''}`);
        out.push(note);
      }
    }
    for (const note of out) this.events.emit('access:notification', note);
    if (changed || out.length > 0) this.events.emit('access:changed', {});
    return out;
  }

  /** Polls every `intervalMs` until the returned function is called. Never keeps the process alive. */
  start(intervalMs = 30_000): () => void {
    const timer = setInterval(() => void this.poll().catch(() => undefined), intervalMs);
    timer.unref();
    void this.poll().catch(() => undefined);
    return () => clearInterval(timer);
  }

  private noteFor(r: AccessRequestView, before: RequestState | undefined): AccessNotification | null {
    const base = { id: r.id, ref: r.ref, minutesLeft: null };
    if (r.box === 'inbox') {
      return r.state === 'pending' ? { ...base, kind: 'waiting', message: `${r.requester?.name ?? 'Someone'} asks for ${r.ref} for ${formatLeft(r.durationSeconds)}: "${r.reason}"` } : null;
    }
    // Decisions are news only when seen happening (or on a request made since this notifier started), not
    // for requests that were already decided when it first looked.
    const wasWaiting = before === undefined ? Date.parse(r.createdAt) >= this.startedAt : WAITING.has(before);
    if (wasWaiting && (r.state === 'approved' || r.state === 'active')) {
      return { ...base, kind: 'approved', message: `${r.decision?.by ?? 'An approver'} approved ${r.ref} until ${r.decision?.grantExpiresAt ?? 'later'}.` };
    }
    if (wasWaiting && r.state === 'denied') {
      return { ...base, kind: 'denied', message: `${r.decision?.by ?? 'An approver'} denied ${r.ref}${r.decision?.comment ? `: "${r.decision.comment}"` : '.'}` };
    }
    if (r.state === 'active' && r.secondsLeft !== null) {
      // A reminder only for grants that were longer than it: a 30-minute grant needs no "1 hour left".
      const minutes = REMINDERS.find((m) => r.secondsLeft! <= m * 60 && (r.decision?.grantedSeconds ?? 0) > m * 60);
      if (minutes !== undefined) return { ...base, kind: 'ending', minutesLeft: minutes, message: `Your access to ${r.ref} ends in ${formatLeft(r.secondsLeft)}. Ask again if you still need it.` };
    }
    return null;
  }
}
