import { AsyncLocalStorage } from 'node:async_hooks';
import type { CallContext } from './agent-handlers';

/**
 * The connection whose call is running, across every await of it. Services warn through one callback
 * set when they were built (a backend reached over plain http://, say); in the agent that callback asks
 * here who is calling, so the warning reaches the terminal of the command that caused it, as it would
 * have had the command done the work itself.
 */
export const currentCaller = new AsyncLocalStorage<CallContext>();
