import { z } from 'zod';
import { BackendConfig, EnvRef, SafePath } from './backends';

/** Durations as people write them in profiles and flags: `90s`, `15m`, `8h`, `2d`. */
export const Duration = z.string().regex(/^\d+(s|m|h|d)$/, 'expected a duration like 15m, 8h or 2d');

const YEAR_SECONDS = 365 * 86_400;

/** A duration a team profile may set: more than 0 s and at most a year (a typo like 9999d is caught here). */
export const ProfileDuration = Duration.superRefine((text, ctx) => {
  const seconds = secondsOf(text);
  if (seconds === null) return; // the format check above already said what is wrong
  if (seconds === 0) ctx.addIssue({ code: 'custom', message: 'must be longer than 0 seconds' });
  else if (seconds > YEAR_SECONDS) ctx.addIssue({ code: 'custom', message: 'must be at most 1 year (365d)' });
});

/** The largest team profile we read; checked before parsing so a huge file cannot exhaust memory. */
export const MAX_PROFILE_BYTES = 16 * 1024 * 1024;

/** A variable filled from a dynamic secret engine instead of the KV secret, e.g. DATABASE_URL from
 *  `database/creds/<role>`, rendered with `{{username}}` / `{{password}}` placeholders. */
export const DynamicVariable = z.strictObject({
  variable: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/),
  path: SafePath,
  template: z.string().min(1),
});

/** Profiles are strict: an unknown field is refused, so a misspelt `maxTTL` cannot silently lift a limit. */
export const ProfileEnvironment = z.strictObject({
  ref: EnvRef,
  /** Relative to the backend's KV mount (Vault) or the project's secret path. */
  path: SafePath.optional(),
  grantPolicy: z.string().optional(),
  defaultTtl: ProfileDuration.optional(),
  maxTtl: ProfileDuration.optional(),
  approvers: z.array(z.string()).default([]),
  /** Shortest reason a request for this environment may give; overrides `access.reasonMinLength`. */
  reasonMinLength: z.number().int().min(0).max(1000).optional(),
  dynamic: z.array(DynamicVariable).default([]),
  /** AWS: the key a plain-string secret (not a JSON object) is exported as, e.g. DATABASE_URL. */
  valueKey: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected a variable name such as DATABASE_URL').optional(),
  /** AWS: the IAM role an approver assumes to grant read access (STS AssumeRole), by ARN. */
  readRole: z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/, 'expected an IAM role ARN').optional(),
});

/**
 * How access requests work for this team (ACCESS_REQUESTS.md). Requests live on each environment's own
 * backend: Vault/OpenBao in a KV v2 mount, Doppler in a dedicated project/config, AWS in secrets under the
 * backend's `<prefix>latchkey/requests/` (nothing to set here: the prefix is the backend's).
 */
export const AccessSettings = z.strictObject({
  /** Whether an approver may approve their own request. Off unless the team turns it on. */
  allowSelfApproval: z.boolean().default(false),
  /** A pending request lapses this long after it was made (computed at creation; nothing runs to expire it). */
  requestExpiry: ProfileDuration.default('24h'),
  /** Shortest reason a request may give (per environment: `reasonMinLength` there). */
  reasonMinLength: z.number().int().min(0).max(1000).default(10),
  /** Vault/OpenBao: the KV v2 mount of the request ledger; the policies and token role are named after it. */
  vault: z.strictObject({ mount: z.string().regex(/^[A-Za-z0-9_-]+$/).default('latchkey') }).prefault({}),
  /** Doppler: the project and config that hold one signed record per request. */
  doppler: z
    .strictObject({ project: z.string().min(1).default('latchkey'), config: z.string().min(1).default('requests') })
    .prefault({}),
});
export type AccessSettings = z.infer<typeof AccessSettings>;

export const ProfileRole = z.strictObject({ name: z.string().min(1), environments: z.array(EnvRef) });

export const TeamProfile = z.strictObject({
  version: z.literal(1),
  team: z.string().min(1),
  backends: z.array(BackendConfig).default([]),
  environments: z.array(ProfileEnvironment).default([]),
  roles: z.array(ProfileRole).default([]),
  access: AccessSettings.prefault({}),
});
export type TeamProfile = z.infer<typeof TeamProfile>;
export type ProfileEnvironment = z.infer<typeof ProfileEnvironment>;

const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86400 } as const;

function secondsOf(text: string): number | null {
  const match = /^(\d+)(s|m|h|d)$/.exec(text);
  return match ? Number(match[1]) * UNIT_SECONDS[match[2] as keyof typeof UNIT_SECONDS] : null;
}

export function durationSeconds(text: string): number {
  return secondsOf(Duration.parse(text))!;
}
