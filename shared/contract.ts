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

/** What the UI needs from the imported team profile (null before `latchkey profile import`). */
export const ProfileSummary = z
  .object({ team: z.string(), roles: z.array(z.object({ name: z.string(), environments: z.array(z.string()) })) })
  .nullable();
export type ProfileSummary = z.infer<typeof ProfileSummary>;

export const RevealedSecret = z.object({ ref: z.string(), key: z.string(), value: z.string() });
export type RevealedSecret = z.infer<typeof RevealedSecret>;

export const ExportFormat = z.enum(['dotenv', 'json', 'shell', 'docker']);
export type ExportFormat = z.infer<typeof ExportFormat>;

/** An active export as the UI and `latchkey exports` show it: where, which keys, until when. Never a value. */
export const ExportSummary = z.object({
  id: z.string(),
  ref: z.string(),
  /** `file`: written to disk; `mount`: served through a named pipe by a running `latchkey mount`. */
  kind: z.enum(['file', 'mount']),
  path: z.string(),
  format: ExportFormat,
  keys: z.array(z.string()),
  createdAt: z.string(),
  expiresAt: z.string(),
  secondsLeft: z.number(),
  overrideUsed: z.boolean(),
});
export type ExportSummary = z.infer<typeof ExportSummary>;

export const ExportCreateInput = z
  .object({
    ref: EnvRef,
    /** Absolute path of the file to write (main has no meaningful working directory). */
    path: z.string().min(1).refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p), 'must be an absolute path'),
    keys: z.array(z.string().min(1)).optional(),
    format: ExportFormat.optional(),
    /** `90s`, `15m`, `8h`, `2d`; default 8h or the profile's defaultTtl, capped by its maxTtl. */
    ttl: z.string().optional(),
    /** Write even though git would not ignore the file; recorded in the audit log. */
    allowUnignored: z.boolean().optional(),
  })
  .strict();

export const ExportCreated = z.object({ export: ExportSummary, warnings: z.array(z.string()) });
export type ExportCreated = z.infer<typeof ExportCreated>;

export const ExportEnded = z.object({
  id: z.string(),
  ref: z.string(),
  fileRemoved: z.boolean(),
  /** What was left in place and why (the user edited or moved the file), in words for the user. */
  left: z.string().nullable(),
});
export type ExportEnded = z.infer<typeof ExportEnded>;

const Empty = z.object({}).strict();

export const contract = {
  'app:info': { input: Empty, output: AppInfo },
  'identity:status': { input: Empty, output: IdentityStatus },
  'backends:list': { input: Empty, output: z.array(BackendSummary) },
  'profile:show': { input: Empty, output: ProfileSummary },
  'catalog:list': { input: z.object({ role: z.string().min(1).optional() }).strict(), output: z.array(CatalogEnvironment) },
  'secrets:describe': { input: z.object({ ref: EnvRef }).strict(), output: SecretDescription },
  /** Returns one value: the only channel that does, and every call is written to the audit log. */
  'secrets:reveal': { input: z.object({ ref: EnvRef, key: z.string().min(1) }).strict(), output: RevealedSecret },
  /** Active exports only: expired ones are swept before listing. */
  'exports:list': { input: Empty, output: z.array(ExportSummary) },
  'exports:create': { input: ExportCreateInput, output: ExportCreated },
  'exports:revoke': { input: z.object({ id: z.string().min(1) }).strict(), output: ExportEnded },
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
