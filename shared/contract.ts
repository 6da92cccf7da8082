import { z } from 'zod';
import { AccessLevel, BackendKind, EnvRef } from './backends';

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

/** One environment as the catalog shows it: where it lives and what this user may do with it. */
export const CatalogEnvironment = z.object({
  ref: z.string(),
  backend: z.string(),
  kind: BackendKind.nullable(),
  project: z.string(),
  env: z.string(),
  path: z.string(),
  access: AccessLevel,
  /** `profile`: listed in the team profile; `discovered`: found by listing the backend. */
  source: z.enum(['profile', 'discovered']),
  /** How to ask for it (from the profile), when access is not granted and the profile says who grants it. */
  requestable: z
    .object({
      grantPolicy: z.string().nullable(),
      approvers: z.array(z.string()),
      defaultTtl: z.string().nullable(),
      maxTtl: z.string().nullable(),
    })
    .nullable(),
  /** Why access could not be checked (not signed in, backend down): the access shown is a guess. */
  problem: z.string().nullable(),
});
export type CatalogEnvironment = z.infer<typeof CatalogEnvironment>;

export const BackendSummary = z.object({
  name: z.string(),
  kind: BackendKind,
  url: z.string(),
  authMethod: z.string(),
  /** A token for it is in the keychain (not proof that it is still valid: see `latchkey doctor`). */
  signedIn: z.boolean(),
});
export type BackendSummary = z.infer<typeof BackendSummary>;

/** Names, versions and ages of an environment's secrets. Never a value. */
export const SecretDescription = z.object({
  ref: z.string(),
  secrets: z.array(
    z.object({
      key: z.string(),
      version: z.number().nullable(),
      createdAt: z.string().nullable(),
      updatedAt: z.string().nullable(),
      ageDays: z.number().nullable(),
      stale: z.boolean(),
    }),
  ),
});
export type SecretDescription = z.infer<typeof SecretDescription>;

export const RevealedSecret = z.object({ ref: z.string(), key: z.string(), value: z.string() });
export type RevealedSecret = z.infer<typeof RevealedSecret>;

const Empty = z.object({}).strict();

export const contract = {
  'app:info': { input: Empty, output: AppInfo },
  'identity:status': { input: Empty, output: IdentityStatus },
  'backends:list': { input: Empty, output: z.array(BackendSummary) },
  'catalog:list': { input: z.object({ role: z.string().min(1).optional() }).strict(), output: z.array(CatalogEnvironment) },
  'secrets:describe': { input: z.object({ ref: EnvRef }).strict(), output: SecretDescription },
  /** Returns one value: the only channel that does, and every call is written to the audit log. */
  'secrets:reveal': { input: z.object({ ref: EnvRef, key: z.string().min(1) }).strict(), output: RevealedSecret },
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
} & {
  /** Subscribes to one of the named main-process events; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: z.infer<(typeof events)[E]>) => void): () => void;
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
