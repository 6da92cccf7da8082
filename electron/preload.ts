import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { apiName, channels, events, type EventName } from '../shared/contract';

/**
 * Exposes `window.latchkey`: one function per contract channel, built from the contract, plus `on()` for
 * the named events. Never ipcRenderer itself, never a generic invoke/send: the renderer can only ask for
 * what the contract lists. This file is bundled (sandboxed preloads may only require 'electron').
 */
const api: Record<string, unknown> = {};
for (const channel of channels) {
  api[apiName(channel)] = (input?: unknown) => ipcRenderer.invoke(channel, input ?? {});
}

const eventNames = new Set<string>(Object.keys(events));

api.on = (name: EventName, callback: (payload: unknown) => void): (() => void) => {
  if (!eventNames.has(name)) throw new Error(`Unknown Latchkey event: ${String(name)}`);
  if (typeof callback !== 'function') throw new Error('Latchkey event listener must be a function.');
  // Hand the renderer the payload only: the IpcRendererEvent carries `sender` and ports.
  const listener = (_event: IpcRendererEvent, payload: unknown) => callback(payload);
  ipcRenderer.on(name, listener);
  return () => {
    ipcRenderer.removeListener(name, listener);
  };
};

contextBridge.exposeInMainWorld('latchkey', Object.freeze(api));
