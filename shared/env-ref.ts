/**
 * `<backend>:<project>/<env>`. Kept apart from the zod schema (shared/backends.ts) so the thin CLI can check
 * a typed ref without loading zod: every millisecond of its start-up counts.
 */
export const ENV_REF_PATTERN = /^[a-z0-9][a-z0-9-]*:[^/\s]+\/[^/\s]+$/;
