import { z } from 'zod';
import { AccessApproveInput, AccessDenyInput, AccessEnded, AccessIdInput, AccessListing, AccessListInput, AccessNotification, AccessOpen, AccessRequestForm, AccessRequestInput, AccessRequestView } from './access';
import { AccessLevel, BackendConfig, BackendKind, BackendName, EnvRef } from './backends';
import { Duration } from './profile';
import { BackendStatus, CliInstall, DayOneChecklist } from './onboarding';

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
  /** `npm run demo`: a fake team on throwaway servers; the window says DEMO on every screen. */
  demo: z.boolean(),
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
  /** Why access could not be checked (not signed in, sealed, down, not configured); access is then `unknown`. */
  problem: z.string().nullable(),
  /** Readable through an access grant this device holds (not the person's own sign-in), until `expiresAt`. */
  grant: z.object({ requestId: z.string(), expiresAt: z.string() }).nullable().optional(),
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

/** Automatic rotation of the secret behind an environment (AWS Secrets Manager), as the backend reports it. */
export const Rotation = z.object({
  enabled: z.boolean(),
  lastRotatedAt: z.string().nullable(),
  nextRotationAt: z.string().nullable(),
  everyDays: z.number().nullable(),
});
export type Rotation = z.infer<typeof Rotation>;

/** Names, versions and ages of an environment's secrets. Never a value. */
export const SecretDescription = z.object({
  ref: z.string(),
  secrets: z.array(
    z.object({
      key: z.string(),
      version: z.number().nullable(),
      /** Backends whose versions are ids, not numbers (AWS: the secret version's UUID). */
      versionId: z.string().optional(),
      createdAt: z.string().nullable(),
      updatedAt: z.string().nullable(),
      ageDays: z.number().nullable(),
      stale: z.boolean(),
    }),
  ),
  /** When this answer was read from the backend (ISO), and until when it is kept in memory (null: not
   *  kept); `fromCache`: it came from memory. Absent when the backend is not read through the cache. */
  readAt: z.string().optional(),
  cachedUntil: z.string().nullable().optional(),
  fromCache: z.boolean().optional(),
  /** Present when the backend rotates secrets itself (AWS). */
  rotation: Rotation.optional(),
});
export type SecretDescription = z.infer<typeof SecretDescription>;

/** What the UI needs from the imported team profile (null before `latchkey profile import`), and the role
 *  this person chose (null until they choose one that the profile still has). */
export const ProfileSummary = z
  .object({
    team: z.string(),
    roles: z.array(z.object({ name: z.string(), environments: z.array(z.string()) })),
    /** The backends the profile lists, in its order (the welcome flow shows one sign-in card each). */
    backends: z.array(z.string()),
    role: z.string().nullable(),
  })
  .nullable();
export type ProfileSummary = z.infer<typeof ProfileSummary>;

/** One field of where or how a backend signs in, before → after (`url https://a → https://b`). */
export const IdentityChange = z.object({
  backend: z.string(),
  field: z.enum(['kind', 'url', 'namespace', 'authMethod', 'authMount']),
  from: z.string().nullable(),
  to: z.string().nullable(),
});
export type IdentityChange = z.infer<typeof IdentityChange>;

/** What adding (or importing) one backend did. */
export const BackendApplied = z.object({
  name: z.string(),
  kind: BackendKind,
  url: z.string(),
  result: z.enum(['added', 'updated', 'unchanged']),
  /** Accepted changes to where or how it signs in; when non-empty, the stored sign-in was deleted. */
  changes: z.array(IdentityChange),
  /** A stored credential was deleted because of those changes: sign in again. */
  signedOut: z.boolean(),
  /** Plain http:// to another machine, allowed explicitly (allowInsecureHttp). */
  insecureHttp: z.boolean(),
});
export type BackendApplied = z.infer<typeof BackendApplied>;

export const BackendAddInput = z.strictObject({
  config: BackendConfig,
  /** Replace a backend of the same name. */
  replace: z.boolean().optional(),
  /** Confirm a change of url, kind, namespace or sign-in method; the stored sign-in is then deleted. */
  acceptChanges: z.boolean().optional(),
});

export const ProfileImportInput = z
  .strictObject({
    /** The profile file's text, or `profile`: its parsed JSON. */
    text: z.string().optional(),
    profile: z.unknown().optional(),
    /** What to call it in messages (the file name). */
    source: z.string().min(1).max(200).optional(),
    acceptChanges: z.boolean().optional(),
  })
  .refine((input) => (input.text === undefined) !== (input.profile === undefined), 'give the profile as text or as parsed JSON, not both');

export const ProfileImported = z.object({
  team: z.string(),
  environments: z.number(),
  roles: z.array(z.string()),
  backends: z.array(BackendApplied),
});
export type ProfileImported = z.infer<typeof ProfileImported>;

/** What a sign-in sends; never echoed in any answer or error. */
export const SignInCredentials = z.discriminatedUnion('method', [
  z.strictObject({ method: z.literal('token'), token: z.string().min(1) }),
  z.strictObject({ method: z.literal('userpass'), username: z.string().min(1), password: z.string().min(1) }),
  z.strictObject({ method: z.literal('universal'), clientId: z.string().min(1), clientSecret: z.string().min(1) }),
  /** Opens the system browser at the identity provider. */
  z.strictObject({ method: z.literal('oidc'), role: z.string().optional() }),
  /** Infisical: a person signs in through the browser (as `infisical login`). */
  z.strictObject({ method: z.literal('user') }),
  /** Infisical: a person's email and password; `organization` when the account is in several. */
  z.strictObject({ method: z.literal('password'), email: z.string().min(1), password: z.string().min(1), organization: z.string().min(1).optional() }),
  /** AWS: the standard credential chain (AWS CLI profile, SSO session, environment); nothing secret is sent. */
  z.strictObject({ method: z.literal('chain') }),
  /** AWS: an access key pair, kept in the keychain. */
  z.strictObject({ method: z.literal('keys'), accessKeyId: z.string().min(1), secretAccessKey: z.string().min(1) }),
]);

/** Who the backend says we are now. Never the token. */
export const SignedIn = z.object({
  backend: z.string(),
  identity: z.string(),
  policies: z.array(z.string()),
  expiresAt: z.string().nullable(),
  renewable: z.boolean(),
});
export type SignedIn = z.infer<typeof SignedIn>;

/** `signedOut`: a stored credential was deleted (false when there was none). */
export const SignedOut = z.object({ backend: z.string(), signedOut: z.boolean() });
export type SignedOut = z.infer<typeof SignedOut>;

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

/** Absolute path, as main needs it (it has no meaningful working directory). */
const AbsolutePath = z.string().min(1).refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p), 'must be an absolute path');

export const ExportExtended = z.object({
  export: ExportSummary,
  /** The file's "expires …" header line was rewritten (false when the file was edited or has no header). */
  headerUpdated: z.boolean(),
  warnings: z.array(z.string()),
});
export type ExportExtended = z.infer<typeof ExportExtended>;

/** How long an export of one environment may live: offered as choices, enforced again by main. */
export const ExportLimits = z.object({
  defaultTtl: Duration,
  /** Counted from the export's creation, also when it is extended. */
  maxTtl: Duration,
  /** The team profile set the max (else Latchkey's own ceiling applies). */
  maxFromProfile: z.boolean(),
});
export type ExportLimits = z.infer<typeof ExportLimits>;

export const GitignoreAdded = z.object({
  /** The .gitignore that was changed (at the root of the repository around the export path). */
  gitignore: z.string(),
  line: z.string(),
  /** False when the line was already there. */
  added: z.boolean(),
  /** What git says about the export path now. */
  ignored: z.boolean(),
});
export type GitignoreAdded = z.infer<typeof GitignoreAdded>;

/** What this window can ask of the desktop around it: the Electron app can, a plain browser page cannot. */
export const AppCapabilities = z.object({
  /** `dialog:saveExportPath` opens the system's save dialog (else the window asks for a path itself). */
  saveDialog: z.boolean(),
  /** `exports:showInFolder` opens the file manager. */
  showInFolder: z.boolean(),
  /** `secrets:copy` and `clipboard:copyRunCommand` write the clipboard in main (a value never reaches the window). */
  clipboard: z.boolean(),
  /** `dialog:openProfile` opens the system's open dialog (else the window offers a file input and drop). */
  openDialog: z.boolean(),
});
export type AppCapabilities = z.infer<typeof AppCapabilities>;

/** One audit log entry as the Activity screen shows it (no hashes or signatures: verify checks those). */
export const AuditEntryView = z.object({
  seq: z.number(),
  time: z.string(),
  actor: z.object({ user: z.string(), device: z.string().nullable() }),
  action: z.string(),
  target: z.string(),
  outcome: z.enum(['ok', 'failed', 'denied']),
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});
export type AuditEntryView = z.infer<typeof AuditEntryView>;

export const AuditListInput = z
  .object({
    /** An environment ref (or any other target: a backend, a path), matched exactly. */
    target: z.string().min(1).optional(),
    action: z.string().min(1).optional(),
    outcome: z.enum(['ok', 'failed', 'denied']).optional(),
    limit: z.number().int().min(1).max(1000).optional(),
  })
  .strict();

export const AuditPage = z.object({
  /** Newest first, at most `limit`. */
  entries: z.array(AuditEntryView),
  /** Entries that match the filters (may be more than shown). */
  total: z.number(),
  /** Every action and every environment in the log, for the filter choices. */
  actions: z.array(z.string()),
  environments: z.array(z.string()),
});
export type AuditPage = z.infer<typeof AuditPage>;

export const AuditVerifyReport = z.object({
  ok: z.boolean(),
  entries: z.number(),
  badLine: z.number().optional(),
  problem: z.string().optional(),
});
export type AuditVerifyReport = z.infer<typeof AuditVerifyReport>;

/** A file name without folders (`.env`, `secrets.json`): the save dialog's suggestion. */
const FileName = z.string().min(1).max(255).regex(/^[^/\\\0]+$/, 'a file name, without folders');

const Empty = z.object({}).strict();

export const contract = {
  'app:info': { input: Empty, output: AppInfo },
  'identity:status': { input: Empty, output: IdentityStatus },
  'backends:list': { input: Empty, output: z.array(BackendSummary) },
  /** Day-one setup: the same service the CLI's `backends add/remove`, `login`, `logout` and `profile import` call. */
  'backends:add': { input: BackendAddInput, output: BackendApplied },
  'backends:remove': { input: z.strictObject({ name: BackendName }), output: SignedOut },
  'backends:signIn': { input: z.strictObject({ backend: BackendName, credentials: SignInCredentials }), output: SignedIn },
  'backends:signOut': { input: z.strictObject({ backend: BackendName }), output: SignedOut },
  'profile:show': { input: Empty, output: ProfileSummary },
  'profile:import': { input: ProfileImportInput, output: ProfileImported },
  'catalog:list': { input: z.object({ role: z.string().min(1).optional() }).strict(), output: z.array(CatalogEnvironment) },
  'secrets:describe': { input: z.object({ ref: EnvRef }).strict(), output: SecretDescription },
  /** Returns one value: the only channel that does, and every call is written to the audit log. */
  'secrets:reveal': { input: z.object({ ref: EnvRef, key: z.string().min(1) }).strict(), output: RevealedSecret },
  /** Active exports only: expired ones are swept before listing. */
  'exports:list': { input: Empty, output: z.array(ExportSummary) },
  'exports:create': { input: ExportCreateInput, output: ExportCreated },
  'exports:revoke': { input: z.object({ id: z.string().min(1) }).strict(), output: ExportEnded },
  /** Forgets every secret value kept in memory now; `cleared` counts the environments dropped. */
  'cache:clear': { input: Empty, output: z.object({ cleared: z.number().int().nonnegative() }) },
  /** Access requests (shared/access.ts): ask, list mine and the ones waiting for me, decide, end. */
  'access:request': { input: AccessRequestInput, output: AccessRequestView },
  /** The rules a request for `ref` must meet (reason, durations, approvers) and this device's fingerprint. */
  'access:requestForm': { input: z.object({ ref: EnvRef }).strict(), output: AccessRequestForm },
  'access:list': { input: AccessListInput, output: AccessListing },
  'access:approve': { input: AccessApproveInput, output: AccessRequestView },
  'access:deny': { input: AccessDenyInput, output: AccessRequestView },
  'access:cancel': { input: AccessIdInput, output: AccessEnded },
  'access:giveBack': { input: AccessIdInput, output: AccessEnded },
  'access:revokeGrant': { input: AccessIdInput, output: AccessEnded },
  /** The export now ends `ttl` from now, never later than the profile's maxTtl from its creation. */
  'exports:extend': { input: z.object({ id: z.string().min(1), ttl: Duration }).strict(), output: ExportExtended },
  'exports:limits': { input: z.object({ ref: EnvRef }).strict(), output: ExportLimits },
  /** Appends the git guard's line for `path` to the repository's .gitignore; audited as `gitignore.add`. */
  'exports:ignorePath': { input: z.object({ path: AbsolutePath }).strict(), output: GitignoreAdded },
  /** Shows an active export's file in the system file manager (the path comes from the ledger, not the window). */
  'exports:showInFolder': { input: z.object({ id: z.string().min(1) }).strict(), output: z.object({ shown: z.literal(true) }) },
  /** The system save dialog; `path` is null when the user cancelled. */
  'dialog:saveExportPath': {
    input: z.object({ ref: EnvRef, defaultName: FileName }).strict(),
    output: z.object({ path: z.string().nullable() }),
  },
  'app:capabilities': { input: Empty, output: AppCapabilities },
  /** Copies one value to the clipboard in main (audited as `secret.copy`) and clears it after
   *  `clearAfterSeconds` if it still holds that value. The value never reaches the window. */
  'secrets:copy': {
    input: z.object({ ref: EnvRef, key: z.string().min(1) }).strict(),
    output: z.object({ ref: z.string(), key: z.string(), clearAfterSeconds: z.number() }),
  },
  /** Copies `latchkey run <ref> -- <command>` (not a secret: no clearing). The window cannot reach the
   *  clipboard in the app (every permission is refused), so main writes it. */
  'clipboard:copyRunCommand': {
    input: z.object({ ref: EnvRef, command: z.string().trim().min(1).max(2000).regex(/^[^\n\r]*$/, 'one line') }).strict(),
    output: z.object({ text: z.string() }),
  },
  'audit:list': { input: AuditListInput, output: AuditPage },
  /** Every backend (configured or named by the profile) as its server answers now: reachable, sealed,
   *  signed in as whom, until when. Answers from the last check unless `refresh`, or the check is old. */
  'backends:status': { input: z.strictObject({ refresh: z.boolean().optional() }), output: z.array(BackendStatus) },
  /** The day-one checklist of a role (default: the role chosen with `onboarding:chooseRole`); the same
   *  service function `latchkey onboard` prints. Environments count as ready only after a real read. */
  'onboarding:checklist': { input: z.strictObject({ role: z.string().min(1).max(200).optional() }), output: DayOneChecklist },
  'onboarding:chooseRole': { input: z.strictObject({ role: z.string().min(1).max(200) }), output: z.object({ role: z.string() }) },
  /** The system open dialog for a team profile (JSON); the chosen file's name and text, or null when cancelled. */
  'dialog:openProfile': {
    input: Empty,
    output: z.object({ file: z.object({ name: z.string(), text: z.string() }).nullable() }),
  },
  /** The `latchkey` command in a terminal: whether it is installed, and installing it (audited as `cli.install`). */
  'cli:status': { input: Empty, output: CliInstall },
  'cli:install': { input: Empty, output: CliInstall },
  /** Checks the hash chain and signatures; names the first bad line. */
  'audit:verify': { input: Empty, output: AuditVerifyReport },
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
  /** An export ended (its time was up, or it was revoked elsewhere): what happened to its file. */
  'exports:expired': z.object({
    id: z.string(),
    ref: z.string(),
    /** The file (or pipe) the export wrote. */
    path: z.string(),
    reason: z.enum(['expired', 'revoked']),
    fileRemoved: z.boolean(),
    /** What was left in place and why (the user edited or moved the file), in words for the user. */
    left: z.string().nullable(),
  }),
  /** Something about access requests changed: lists should be fetched again. */
  'access:changed': z.object({}),
  /** Approved, denied, waiting for you, a grant ends in 1 h or 10 min: what a system notification says. */
  'access:notification': AccessNotification,
  /** The person clicked a desktop notification about a request: show it, or ask again. */
  'access:open': AccessOpen,
} as const;
export type EventName = keyof typeof events;
