import type { z } from 'zod';
import { contract, type Channel, type ChannelInput, type ChannelOutput, type Contract } from '../shared/contract';
import { AppError } from '../shared/errors';
import type { Result } from '../shared/result';
import { toAppError } from './errors';

/** One service function per channel. The type makes a missing handler a compile error. */
export type Handlers = {
  [C in Channel]: (input: z.infer<Contract[C]['input']>) => Promise<ChannelOutput<C>> | ChannelOutput<C>;
};

/**
 * Typed for a known channel (callers in the app and tests get the channel's output type, no casts);
 * untyped for what arrives over a transport, which is checked at run time.
 */
export interface Dispatch {
  <C extends Channel>(channel: C, payload: ChannelInput<C>): Promise<Result<ChannelOutput<C>>>;
  (channel: unknown, payload: unknown): Promise<Result<unknown>>;
}

/** A table of channels, each with a zod input and output schema: the renderer's contract, or the agent's own. */
export type ChannelTable = Record<string, { input: z.ZodType; output: z.ZodType }>;

/** Handlers for any table; `context` is what a transport knows about the caller (the agent's connection). */
export type TableHandlers<T extends ChannelTable, Context> = {
  [C in keyof T]: (input: z.infer<T[C]['input']>, context: Context) => Promise<z.infer<T[C]['output']>> | z.infer<T[C]['output']>;
};

export type TableDispatch<Context> = (channel: unknown, payload: unknown, context: Context) => Promise<Result<unknown>>;

const CHANNEL_NAME = /^[a-z]+:[a-z][a-zA-Z]*$/;

/**
 * The part of the IPC chokepoint that has nothing to do with Electron: channel lookup → zod parse →
 * service → Result envelope. `ipc.ts` puts the sender check in front of it; the browser-test bridge
 * calls exactly this function, so the UI tests exercise the same validation main uses.
 */
export function createDispatch(handlers: Handlers): Dispatch {
  const dispatch = createTableDispatch<Contract, undefined>(contract, handlers);
  return (channel: unknown, payload: unknown): Promise<Result<unknown>> => dispatch(channel, payload, undefined);
}

/**
 * The one dispatch function, for any channel table: the renderer's contract (Electron IPC, the test
 * bridge, the agent socket) and the agent-only table (the agent socket alone). A transport adds framing;
 * what a call may carry in and out is decided here, by the table's schemas.
 */
export function createTableDispatch<T extends ChannelTable, Context>(table: T, handlers: TableHandlers<T, Context>): TableDispatch<Context> {
  return async (channel, payload, context) => {
    if (typeof channel !== 'string' || !CHANNEL_NAME.test(channel) || !Object.hasOwn(table, channel)) {
      return fail(new AppError('BAD_REQUEST', 'Unknown request channel.', 'Update Latchkey: the window and the app disagree.'));
    }
    const spec = table[channel]!;
    const parsed = spec.input.safeParse(payload ?? {});
    if (!parsed.success) {
      const where = parsed.error.issues[0]?.path.join('.') || '(input)';
      return fail(new AppError('BAD_REQUEST', `Invalid request for ${channel}: ${where} ${parsed.error.issues[0]?.message ?? ''}`.trim()));
    }
    try {
      const handler = handlers[channel as keyof T] as (input: unknown, context: Context) => unknown;
      const value = await handler(parsed.data, context);
      // Parse the output too: a service that returns more than the contract allows must not leak it.
      return { ok: true, value: spec.output.parse(value) };
    } catch (error) {
      return fail(toAppError(error));
    }
  };
}

function fail(error: AppError): Result<never> {
  return { ok: false, error: error.toShape() };
}
