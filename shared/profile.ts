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
    dynamic: z.array(DynamicVariable).default([]),
    /** AWS: the key a plain-string secret (not a JSON object) is exported as, e.g. DATABASE_URL. */
    valueKey: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected a variable name such as DATABASE_URL').optional(),
    /** AWS: the IAM role an approver assumes to grant read access (STS AssumeRole), by ARN. */
    readRole: z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/, 'expected an IAM role ARN').optional(),
  })
  .loose();

export const ProfileRole = z.object({ name: z.string().min(1), environments: z.array(EnvRef) }).loose();

export const TeamProfile = z
  .object({
    version: z.literal(1),
    team: z.string().min(1),
    backends: z.array(BackendConfig).default([]),
    environments: z.array(ProfileEnvironment).default([]),
    roles: z.array(ProfileRole).default([]),
  })
  .loose();
export type TeamProfile = z.infer<typeof TeamProfile>;
export type ProfileEnvironment = z.infer<typeof ProfileEnvironment>;

export function durationSeconds(text: string): number {
  const match = /^(\d+)(s|m|h|d)$/.exec(Duration.parse(text))!;
  const unit = { s: 1, m: 60, h: 3600, d: 86400 }[match[2] as 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unit;
}
