import type { z } from 'zod';
import type { EventName, events } from '../shared/contract';

export type EventPayload<E extends EventName> = z.infer<(typeof events)[E]>;

/** Service-side events (export expired, …) typed by the contract; main forwards them to the window. */
export interface EventBus {
  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void;
  emit<E extends EventName>(name: E, payload: EventPayload<E>): void;
}

export function createEventBus(): EventBus {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  return {
    on(name, listener) {
      const set = listeners.get(name) ?? new Set();
      listeners.set(name, set);
      const entry = listener as (payload: unknown) => void;
      set.add(entry);
      return () => void set.delete(entry);
    },
    emit(name, payload) {
      for (const listener of [...(listeners.get(name) ?? [])]) {
        // One faulty listener (a closed window) must not stop the others or the sweeper that emitted.
        try {
          listener(payload);
        } catch {
          // ignored on purpose
        }
      }
    },
  };
}
