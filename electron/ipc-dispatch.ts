import type { z } from 'zod';
import { contract, isChannel, type Channel, type ChannelInput, type ChannelOutput, type Contract } from '../shared/contract';
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

/**
 * The part of the IPC chokepoint that has nothing to do with Electron: channel lookup → zod parse →
 * service → Result envelope. `ipc.ts` puts the sender check in front of it; the browser-test bridge
 * calls exactly this function, so the UI tests exercise the same validation main uses.
 */
export function createDispatch(handlers: Handlers): Dispatch {
  return async (channel: unknown, payload: unknown): Promise<Result<unknown>> => {
    if (!isChannel(channel)) {
      return fail(new AppError('BAD_REQUEST', 'Unknown request channel.', 'Update Latchkey: the window and the app disagree.'));
    }
    const spec = contract[channel];
    const parsed = spec.input.safeParse(payload ?? {});
    if (!parsed.success) {
      const where = parsed.error.issues[0]?.path.join('.') || '(input)';
      return fail(new AppError('BAD_REQUEST', `Invalid request for ${channel}: ${where} ${parsed.error.issues[0]?.message ?? ''}`.trim()));
    }
    try {
      const handler = handlers[channel] as (input: unknown) => unknown;
      const value = await handler(parsed.data);
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
