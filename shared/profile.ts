import { z } from 'zod';
import { BackendConfig, EnvRef } from './backends';

/** Durations as people write them in profiles and flags: `90s`, `15m`, `8h`, `2d`. */
export const Duration = z.string().regex(/^\d+(s|m|h|d)$/, 'expected a duration like 15m, 8h or 2d');

/** A variable filled from a dynamic secret engine instead of the KV secret, e.g. DATABASE_URL from
 *  `database/creds/<role>`, rendered with `{{username}}` / `{{password}}` placeholders. */
export const DynamicVariable = z.object({
  variable: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/),
  path: z.string().min(1),
  template: z.string().min(1),
});

export const ProfileEnvironment = z
  .object({
    ref: EnvRef,
    /** Relative to the backend's KV mount (Vault) or the project's secret path. */
    path: z.string().min(1).optional(),
    grantPolicy: z.string().optional(),
    defaultTtl: Duration.optional(),
    maxTtl: Duration.optional(),
    approvers: z.array(z.string()).default([]),
    /** Shortest reason a request for this environment may give; overrides `access.reasonMinLength`. */
    reasonMinLength: z.number().int().min(0).max(1000).optional(),
    dynamic: z.array(DynamicVariable).default([]),
  })
  .loose();

/**
 * How access requests work for this team (ACCESS_REQUESTS.md). Requests live on each environment's own
 * backend: Vault/OpenBao in a KV v2 mount, Doppler in a dedicated project/config.
 */
export const AccessSettings = z.strictObject({
  /** Whether an approver may approve their own request. Off unless the team turns it on. */
  allowSelfApproval: z.boolean().default(false),
  /** A pending request lapses this long after it was made (computed at creation; nothing runs to expire it). */
  requestExpiry: Duration.default('24h'),
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

export const ProfileRole = z.object({ name: z.string().min(1), environments: z.array(EnvRef) }).loose();

export const TeamProfile = z
  .object({
    version: z.literal(1),
    team: z.string().min(1),
    backends: z.array(BackendConfig).default([]),
    environments: z.array(ProfileEnvironment).default([]),
    roles: z.array(ProfileRole).default([]),
    access: AccessSettings.prefault({}),
  })
  .loose();
export type TeamProfile = z.infer<typeof TeamProfile>;
export type ProfileEnvironment = z.infer<typeof ProfileEnvironment>;

export function durationSeconds(text: string): number {
  const match = /^(\d+)(s|m|h|d)$/.exec(Duration.parse(text))!;
  const unit = { s: 1, m: 60, h: 3600, d: 86400 }[match[2] as 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unit;
}
