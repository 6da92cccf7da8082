import type { BrowserContext, Page } from '@playwright/test';
import { apiName, channels, events, type Channel } from '../../../shared/contract';
import type { Result } from '../../../shared/result';
import type { Dispatch } from '../../../electron/ipc-dispatch';

/** Per-test replacement for one channel's answer (e.g. to show how the UI renders an error Result). */
export type ChannelOverride = (payload: unknown) => Promise<Result<unknown>> | Result<unknown>;

export type Bridge = {
  /** Answer `channel` with `override` instead of the real services, until `clear` is called. */
  override(channel: Channel, override: ChannelOverride): void;
  clear(channel: Channel): void;
  /** Push a main→renderer event to every `window.latchkey.on(name, …)` listener in the page. */
  emit(page: Page, name: keyof typeof events, payload: unknown): Promise<void>;
};

const BINDING = '__latchkeyDispatch';
const EMIT = '__latchkeyBridgeEmit';

/**
 * Gives a plain browser page the same `window.latchkey` the Electron preload exposes: one function per
 * contract channel (built from the contract's channel list) plus `on()` for events. Every call goes
 * through a Playwright binding to the real `Services.dispatch` in the test process, so the UI tests
 * exercise the same zod validation and services the app uses.
 */
export async function installBridge(context: BrowserContext, dispatch: Dispatch): Promise<Bridge> {
  const overrides = new Map<Channel, ChannelOverride>();
  // The answer travels as one JSON string: Playwright's own value serialization walks every field through
  // CDP and takes seconds for a 50,000-environment catalog, where Electron's structured clone takes
  // milliseconds. A string keeps the bridge's cost close to the app's. Framing only, no logic.
  await context.exposeBinding(BINDING, async (_source, channel: unknown, payload: unknown) => {
    const override = overrides.get(channel as Channel);
    return JSON.stringify(await (override ? override(payload) : dispatch(channel, payload)));
  });

  const pairs = channels.map((channel) => [channel, apiName(channel)] as const);
  await context.addInitScript(
    ({ pairs, eventNames, binding, emit }) => {
      const w = window as unknown as Record<string, unknown>;
      const send = w[binding] as (channel: string, payload: unknown) => Promise<string>;
      const listeners = new Map<string, Set<(payload: unknown) => void>>();
      const api: Record<string, unknown> = {};
      for (const [channel, name] of pairs) {
        // Same default as the preload: a missing input is sent as {}.
        api[name] = async (input?: unknown) => JSON.parse(await send(channel, input ?? {})) as unknown;
      }
      api.on = (name: string, callback: (payload: unknown) => void) => {
        if (!eventNames.includes(name)) throw new Error(`Unknown Latchkey event: ${String(name)}`);
        if (typeof callback !== 'function') throw new Error('Latchkey event listener must be a function.');
        const set = listeners.get(name) ?? new Set();
        listeners.set(name, set);
        set.add(callback);
        return () => void set.delete(callback);
      };
      // contextBridge hands the page a frozen, non-replaceable object; imitate that.
      Object.defineProperty(window, 'latchkey', { value: Object.freeze(api), writable: false, configurable: false });
      Object.defineProperty(window, emit, {
        value: (name: string, payload: unknown) => listeners.get(name)?.forEach((cb) => cb(payload)),
      });
    },
    { pairs, eventNames: Object.keys(events), binding: BINDING, emit: EMIT },
  );

  return {
    override: (channel, override) => void overrides.set(channel, override),
    clear: (channel) => void overrides.delete(channel),
    emit: async (page, name, payload) => {
      await page.evaluate(
        ([fn, n, p]) => (window as unknown as Record<string, (n: string, p: unknown) => void>)[fn]!(n, p),
        [EMIT, name, payload] as const,
      );
    },
  };
}
