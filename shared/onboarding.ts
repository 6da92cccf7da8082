import { z } from 'zod';
import { AccessLevel, BackendKind } from './backends';
import { NextStep } from './errors';

/**
 * One backend as every screen shows it (Settings, the Environments notices, the day-one checklist) and
 * `latchkey onboard` prints it: asked of the backend itself, never guessed from a stored token.
 *
 * - `signed-in`: the backend accepted our sign-in just now.
 * - `refused`: a sign-in is stored, but the backend refused it (revoked, expired): sign in again.
 * - `signed-out`: nothing stored.
 * - `sealed`: Vault/OpenBao is up but sealed: nothing can be checked until an operator unseals it.
 * - `unreachable`: no answer (network, VPN, server down).
 * - `not-configured`: the team profile names it but this device has no such backend.
 */
export const BackendState = z.enum(['signed-in', 'refused', 'signed-out', 'sealed', 'unreachable', 'not-configured']);
export type BackendState = z.infer<typeof BackendState>;

export const BackendStatus = z.object({
  name: z.string(),
  kind: BackendKind.nullable(),
  url: z.string().nullable(),
  authMethod: z.string().nullable(),
  state: BackendState,
  /** Who the backend says we are (signed-in only). Never a token. */
  identity: z.string().nullable(),
  /** When the sign-in ends (ISO), when the backend says; null: it does not expire, or it is not known. */
  expiresAt: z.string().nullable(),
  /** What the check found, in words (the backend's own answer where it gave one). */
  detail: z.string(),
  /** When the backend was asked (ISO). */
  checkedAt: z.string(),
  /** What to do about it: sign in (again), retry, run the checks. Null when nothing is needed. */
  next: NextStep.nullable(),
});
export type BackendStatus = z.infer<typeof BackendStatus>;

/**
 * One environment of the chosen role on the day-one checklist. `ready` only after a real read of its
 * secrets (names and versions) succeeded — never on the access flag alone.
 *
 * - `ready`: read just now. `unreadable`: access says yes, but the read failed (`detail` says why).
 * - `requested`: a request of mine is waiting for an approver. `missing`: not granted, and the profile
 *   says who grants it (ask). `denied`: nobody named to ask. `unknown`: the backend could not be asked.
 */
export const ChecklistEnvState = z.enum(['ready', 'unreadable', 'requested', 'missing', 'denied', 'unknown']);
export type ChecklistEnvState = z.infer<typeof ChecklistEnvState>;

export const ChecklistEnvironment = z.object({
  ref: z.string(),
  backend: z.string(),
  access: AccessLevel,
  state: ChecklistEnvState,
  /** Why it is not ready, in words (the read's error, the backend's problem, who to ask). */
  detail: z.string().nullable(),
  /** The open request for it, when one exists (pending or approved, not yet received). */
  request: z.object({ id: z.string(), state: z.string() }).nullable(),
  /** The profile's durations for a request: the default and the cap. */
  defaultTtl: z.string().nullable(),
  maxTtl: z.string().nullable(),
  approvers: z.array(z.string()),
  next: NextStep.nullable(),
});
export type ChecklistEnvironment = z.infer<typeof ChecklistEnvironment>;

export const DayOneChecklist = z.object({
  team: z.string(),
  role: z.string(),
  /** The backends the role's environments live on, in the profile's order. */
  backends: z.array(BackendStatus),
  environments: z.array(ChecklistEnvironment),
  /** Every backend signed in and every environment read. */
  done: z.boolean(),
  checkedAt: z.string(),
});
export type DayOneChecklist = z.infer<typeof DayOneChecklist>;

/** The `latchkey` command in a terminal: where Settings puts it, and whether it is there and current. */
export const CliInstall = z.object({
  platform: z.string(),
  /** The launcher file Latchkey writes (a small script that runs the CLI shipped with the app). */
  path: z.string(),
  /** `installed`: ours and current; `outdated`: ours, pointing at another copy of the app; `missing`;
   *  `foreign`: a file Latchkey did not write is there (it is never overwritten). */
  state: z.enum(['installed', 'outdated', 'missing', 'foreign']),
  /** The launcher's folder is on PATH, so `latchkey` works in a new terminal. */
  onPath: z.boolean(),
  /** What to do when the folder is not on PATH (a line for the shell profile), in words. */
  pathHint: z.string().nullable(),
});
export type CliInstall = z.infer<typeof CliInstall>;
