import type { TableHandlers } from '../ipc-dispatch';
import type { Services } from '../services';
import type { AgentContract, AgentStatus } from './agent-contract';

/** What the socket transport knows about the caller, handed to the agent-only handlers. */
export interface CallContext {
  /** One per connection. */
  readonly connection: number;
  /** Runs when the connection ends: the client exited, was killed, or closed it. */
  onClose(fn: () => void): void;
  /** Tells this connection's client something about its work (no values, no tokens). */
  warn(message: string): void;
}

/** `run` children whose leases the agent keeps alive, per connection. */
export class RunRegistry {
  private readonly byConnection = new Map<number, Set<() => Promise<void>>>();

  add(connection: number, end: () => Promise<void>): void {
    const set = this.byConnection.get(connection) ?? new Set();
    this.byConnection.set(connection, set);
    set.add(end);
  }

  /** Ends every run of one connection (its leases revoked); returns how many. */
  async end(connection: number): Promise<number> {
    const set = this.byConnection.get(connection);
    this.byConnection.delete(connection);
    if (!set) return 0;
    await Promise.allSettled([...set].map((end) => end()));
    return set.size;
  }

  get size(): number {
    let n = 0;
    for (const set of this.byConnection.values()) n += set.size;
    return n;
  }
}

export interface AgentHandlerDeps {
  services: Services;
  runs: RunRegistry;
  status(): Promise<AgentStatus>;
  stop(reason: string): void;
}

/** The agent-only channels, each one service call: the same services the IPC handlers and the CLI use. */
export function createAgentHandlers({ services, runs, status, stop }: AgentHandlerDeps): TableHandlers<AgentContract, CallContext> {
  return {
    'agent:status': () => status(),
    'agent:stop': () => {
      // After the answer is written: the caller learns that the stop was heard.
      setImmediate(() => stop('asked to stop'));
      return { stopping: true as const };
    },
    'agent:reload': async () => {
      for (const backend of await services.backends.list()) services.registry.forget(backend.name);
      return { dropped: services.cache.clear() };
    },
    'run:start': async (input, context) => {
      const started = await services.exports.beginRun({ ...input, onWarning: (message) => context.warn(message) });
      runs.add(context.connection, started.end);
      // A caller that dies without run:end still gets its leases revoked.
      context.onClose(() => void runs.end(context.connection));
      return { values: started.values, keys: started.keys, leases: started.leases, ...(started.endsAt === undefined ? {} : { endsAt: started.endsAt }) };
    },
    'run:end': async (_input, context) => ({ ended: await runs.end(context.connection) }),
    'exports:write': async (input) => {
      const { record: _record, ...created } = await services.exports.create(input);
      return created;
    },
    'exports:sweep': async () =>
      (await services.exports.sweep()).map((e) => ({
        id: e.record.id,
        ref: e.record.ref,
        kind: e.record.kind,
        path: e.record.path,
        reason: e.reason,
        fileRemoved: e.fileRemoved,
        left: e.left ?? null,
      })),
    'catalog:scan': (input) => services.catalog.scan({ role: input.role }),
  };
}
