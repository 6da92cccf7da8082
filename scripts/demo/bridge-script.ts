import { apiName, channels, events } from '../../shared/contract';

/**
 * The page's `window.latchkey` in the demo: the same shape the Electron preload exposes (one function per
 * contract channel, plus `on()` for events, frozen), carried over HTTP to the demo server. Framing only:
 * every call is `{ channel, payload }` POSTed to `./rpc`, answered with the dispatch's own Result; events
 * arrive on `./events` (server-sent events). Served as a same-origin script, so `script-src 'self'` holds.
 */
export function bridgeScript(): string {
  const pairs = channels.map((channel) => [channel, apiName(channel)]);
  return `(() => {
  'use strict';
  const pairs = ${JSON.stringify(pairs)};
  const eventNames = ${JSON.stringify(Object.keys(events))};
  const root = location.pathname.replace(/[^/]*$/, '');
  const refused = (status) => ({ ok: false, error: { code: 'INTERNAL', message: 'The demo server refused the request (HTTP ' + status + ').', hint: 'Open the address npm run demo printed, in this browser.' } });
  const send = async (channel, payload) => {
    const res = await fetch(root + 'rpc', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ channel, payload }), credentials: 'omit', cache: 'no-store' });
    return res.ok ? res.json() : refused(res.status);
  };
  const api = {};
  for (const [channel, name] of pairs) api[name] = (input) => send(channel, input === undefined ? {} : input);
  const listeners = new Map();
  api.on = (name, callback) => {
    if (!eventNames.includes(name)) throw new Error('Unknown Latchkey event: ' + String(name));
    if (typeof callback !== 'function') throw new Error('Latchkey event listener must be a function.');
    const set = listeners.get(name) || new Set();
    listeners.set(name, set);
    set.add(callback);
    return () => void set.delete(callback);
  };
  const stream = new EventSource(root + 'events');
  stream.onmessage = (message) => {
    const { name, payload } = JSON.parse(message.data);
    for (const callback of listeners.get(name) || []) callback(payload);
  };
  Object.defineProperty(window, 'latchkey', { value: Object.freeze(api), writable: false, configurable: false });
})();
`;
}
