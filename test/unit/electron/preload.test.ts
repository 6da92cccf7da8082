import { beforeEach, describe, expect, it, vi } from 'vitest';
import { channels, events } from '../../../shared/contract';
import { BRIDGE_CHANNELS, BRIDGE_EVENTS, BRIDGE_KEYS } from '../../support/bridge-surface';
import { fake, resetFakeElectron } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule);

type Exposed = Record<string, (...args: unknown[]) => unknown>;

/** Runs the preload against fresh fakes and returns what it handed to the page as `window.latchkey`. */
async function loadPreload(): Promise<Exposed> {
  resetFakeElectron();
  vi.resetModules();
  await import('../../../electron/preload');
  expect(fake.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
  const [key, api] = fake.contextBridge.exposeInMainWorld.mock.calls[0] as [string, Exposed];
  expect(key).toBe('latchkey');
  return api;
}

beforeEach(() => resetFakeElectron());

describe('preload bridge', () => {
  it('the contract lists exactly the channels and events of the committed bridge surface', () => {
    // test/support/bridge-surface.ts is written by hand: a new channel must be added there on purpose.
    expect([...channels].sort()).toEqual(Object.keys(BRIDGE_CHANNELS).sort());
    expect(Object.keys(events).sort()).toEqual([...BRIDGE_EVENTS].sort());
  });

  it('exposes exactly the functions of the committed bridge surface, plus on()', async () => {
    const api = await loadPreload();
    expect(Object.keys(api).sort()).toEqual(BRIDGE_KEYS);
    for (const name of BRIDGE_KEYS) expect(typeof api[name]).toBe('function');
  });

  it('exposes no generic invoke, send or ipcRenderer', async () => {
    const api = await loadPreload();
    const names = Object.keys(api).map((n) => n.toLowerCase());
    for (const banned of ['invoke', 'send', 'sendsync', 'ipcrenderer', 'ipc', 'require', 'process']) {
      expect(names).not.toContain(banned);
    }
    expect(Object.values(api)).not.toContain(fake.ipcRenderer);
  });

  it('freezes the exposed object so the page cannot add a channel', async () => {
    const api = await loadPreload();
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('calls each channel through invoke with its own fixed name', async () => {
    const api = await loadPreload();
    for (const [channel, fn] of Object.entries(BRIDGE_CHANNELS)) {
      await api[fn]?.({ probe: fn });
      expect(fake.ipcRenderer.invoke).toHaveBeenLastCalledWith(channel, { probe: fn });
    }
    expect(fake.ipcRenderer.sendSync).not.toHaveBeenCalled();
  });

  it('listens on every committed event name', async () => {
    const api = await loadPreload();
    for (const name of BRIDGE_EVENTS) {
      const unsubscribe = api.on?.(name, vi.fn()) as () => void;
      expect(fake.ipcRenderer.listenerCount(name)).toBe(1);
      unsubscribe();
    }
  });

  it('delivers only the payload of a named event and can unsubscribe', async () => {
    const api = await loadPreload();
    const callback = vi.fn();
    const unsubscribe = api.on?.('exports:expired', callback) as () => void;
    fake.ipcRenderer.emit('exports:expired', { sender: 'ipc-event-must-not-leak' }, { id: 'exp-1', ref: 'r' });
    expect(callback).toHaveBeenCalledWith({ id: 'exp-1', ref: 'r' });
    expect(callback.mock.calls[0]).toHaveLength(1);
    unsubscribe();
    fake.ipcRenderer.emit('exports:expired', {}, { id: 'exp-2', ref: 'r' });
    expect(callback).toHaveBeenCalledTimes(1);
  });

  it('refuses to listen on a channel that is not a contract event', async () => {
    const api = await loadPreload();
    expect(() => api.on?.('app:info', vi.fn())).toThrow(/Unknown Latchkey event/);
    expect(fake.ipcRenderer.listenerCount('app:info')).toBe(0);
  });
});
