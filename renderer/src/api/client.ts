import { apiName, type Channel, type ChannelInput, type ChannelOutput, type LatchkeyApi } from '../../../shared/contract';
import type { AppErrorShape, ErrorCode, NextStep } from '../../../shared/errors';
import type { Result } from '../../../shared/result';

declare global {
  interface Window {
    /** Exposed by the preload (or the browser-test bridge): one function per contract channel. */
    latchkey?: LatchkeyApi;
  }
}

/**
 * A failed Result, turned into a throw so react-query can hold it as the query's error.
 * Carries the same code / message / hint / next step main sent, so the UI can show them all.
 */
export class LatchkeyError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly next: NextStep | undefined;
  readonly channel: Channel;

  constructor(channel: Channel, shape: AppErrorShape) {
    super(shape.message);
    this.name = 'LatchkeyError';
    this.code = shape.code;
    this.hint = shape.hint;
    this.next = shape.next;
    this.channel = channel;
  }
}

export function isLatchkeyError(value: unknown): value is LatchkeyError {
  return value instanceof LatchkeyError;
}

type AnyApiFunction = (input: unknown) => Promise<Result<unknown>>;

/** Calls one channel through `window.latchkey` and unwraps the Result (throws `LatchkeyError` on ok:false). */
export async function call<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
  const api = window.latchkey as unknown as Record<string, AnyApiFunction> | undefined;
  const fn = api?.[apiName(channel)];
  if (typeof fn !== 'function') {
    throw new LatchkeyError(channel, {
      code: 'INTERNAL',
      message: 'This window is not connected to Latchkey.',
      hint: 'Open Latchkey from the desktop app rather than in a web browser.',
    });
  }
  const result = await fn(input);
  if (!result.ok) throw new LatchkeyError(channel, result.error);
  return result.value as ChannelOutput<C>;
}
