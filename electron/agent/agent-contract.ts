import { z } from 'zod';
import { CatalogEnvironment, ExportCreateInput, ExportCreated } from '../../shared/contract';
import { EndReason } from '../exports/ledger';

/**
 * Channels only the agent socket serves: never in shared/contract.ts, so the preload, the IPC chokepoint
 * and the test bridge (all built from that table) cannot reach them. They carry what the renderer must
 * never get: the values for a `run` child's environment, the CLI's --replace. Served by the same dispatch
 * function as the contract (createTableDispatch), zod in and out.
 */

const Empty = z.object({}).strict();

export const AgentStatus = z.object({
  version: z.string(),
  pid: z.number().int(),
  host: z.enum(['cli', 'app']),
  startedAt: z.string(),
  dataDir: z.string(),
  socket: z.string(),
  /** How long values stay in this agent's memory (ms). */
  cacheTtlMs: z.number().int().nonnegative(),
  /** Exports and mounts whose expiry this agent watches, and the earliest of them (null: none). */
  exports: z.number().int().nonnegative(),
  nextExpiry: z.string().nullable(),
  /** `run` children the agent keeps leases alive for. */
  runs: z.number().int().nonnegative(),
  /** ms of idleness after which it exits when nothing is pending; null: it stays (the app, or --keep-running). */
  idleExitMs: z.number().int().nullable(),
});
export type AgentStatus = z.infer<typeof AgentStatus>;

export const SweptExport = z.object({
  id: z.string(),
  ref: z.string(),
  kind: z.enum(['file', 'mount']),
  path: z.string(),
  reason: EndReason,
  fileRemoved: z.boolean(),
  left: z.string().nullable(),
});

export const agentContract = {
  'agent:status': { input: Empty, output: AgentStatus },
  /** Stops listening at once (the socket is free for a new agent) and exits when open calls are done. */
  'agent:stop': { input: Empty, output: z.object({ stopping: z.literal(true) }) },
  /** Sessions changed outside the agent (a sign-in, a backend removed): drop adapters and cached values. */
  'agent:reload': { input: Empty, output: z.object({ dropped: z.number().int().nonnegative() }) },
  /**
   * The values of one environment for a `run` child the caller starts itself. Audited as `run`; leases
   * stay renewed until `run:end` or until this connection closes (the caller died).
   */
  'run:start': {
    input: z.object({ ref: z.string(), keys: z.array(z.string().min(1)).min(1).optional(), command: z.string().min(1) }).strict(),
    /** `leases`: how many credentials the agent keeps alive for it (0: nothing to give back at the end). */
    /** `endsAt` (epoch ms): stop the child then, when it runs with an access grant that ends. */
    output: z.object({ values: z.record(z.string(), z.string()), keys: z.array(z.string()), leases: z.number().int().nonnegative(), endsAt: z.number().optional() }),
  },
  'run:end': { input: Empty, output: z.object({ ended: z.number().int().nonnegative() }) },
  /** The CLI's export: the contract's, plus --replace (overwrite a file Latchkey did not write). */
  'exports:write': { input: ExportCreateInput.extend({ replaceExisting: z.boolean().optional() }).strict(), output: ExportCreated },
  /** Ends expired exports now and says which (the CLI prints them before its command). */
  'exports:sweep': { input: Empty, output: z.array(SweptExport) },
  /** The catalog with the problems that made parts of it a guess (`latchkey envs` prints both). */
  'catalog:scan': {
    input: z.object({ role: z.string().optional() }).strict(),
    output: z.object({ environments: z.array(CatalogEnvironment), problems: z.array(z.object({ backend: z.string(), message: z.string() })) }),
  },
} as const;

export type AgentContract = typeof agentContract;
