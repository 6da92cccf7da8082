import { z } from 'zod';

/**
 * The one table of IPC channels. The preload, the main-side chokepoint, the renderer client and the
 * browser-test bridge are all built from it: adding a channel is one entry here plus one service method.
 * Names are `domain:verb`.
 */

export const KeychainStatus = z.object({
  /** `keychain`: the OS keychain answered. `passphrase`: the explicit opt-in store is in use.
   *  `unavailable`: neither; the user must act before tokens can be stored. */
  backend: z.enum(['keychain', 'passphrase', 'unavailable']),
  detail: z.string(),
});
export type KeychainStatus = z.infer<typeof KeychainStatus>;

export const AppInfo = z.object({
  name: z.literal('Latchkey'),
  version: z.string(),
  dataDir: z.string(),
  platform: z.string(),
  keychain: KeychainStatus,
});
export type AppInfo = z.infer<typeof AppInfo>;

export const IdentityStatus = z.object({
  deviceKeyPresent: z.boolean(),
  /** Short, human-comparable fingerprint of the device public key (hex groups), or null before first run. */
  fingerprint: z.string().nullable(),
  publicKey: z.string().nullable(),
  createdAt: z.string().nullable(),
});
export type IdentityStatus = z.infer<typeof IdentityStatus>;

const Empty = z.object({}).strict();

export const contract = {
  'app:info': { input: Empty, output: AppInfo },
  'identity:status': { input: Empty, output: IdentityStatus },
} as const;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type ChannelInput<C extends Channel> = z.input<Contract[C]['input']>;
export type ChannelOutput<C extends Channel> = z.infer<Contract[C]['output']>;

export const channels = Object.keys(contract) as Channel[];

const CHANNEL_NAME = /^[a-z]+:[a-z][a-zA-Z]*$/;
export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && CHANNEL_NAME.test(name) && Object.hasOwn(contract, name);
}

/** The API the preload exposes as `window.latchkey` and the browser bridge imitates. */
export type LatchkeyApi = {
  [C in Channel as ApiName<C>]: (input: ChannelInput<C>) => Promise<import('./result').Result<ChannelOutput<C>>>;
};

/** `app:info` → `appInfo`, `identity:status` → `identityStatus`. */
export type ApiName<C extends string> = C extends `${infer D}:${infer V}` ? `${D}${Capitalize<V>}` : never;
export function apiName(channel: Channel): string {
  const [domain, verb] = channel.split(':') as [string, string];
  return domain + verb.charAt(0).toUpperCase() + verb.slice(1);
}

/** Events main pushes to the renderer. */
export const events = {
  'exports:expired': z.object({ id: z.string(), ref: z.string() }),
} as const;
export type EventName = keyof typeof events;
