import { enumIssue, requiredIssue, validation, type ZodIssue } from './errors';

/** Request validation with the real server's 422 shapes (zod v3 issues). */
export function requireString(source: Record<string, unknown>, field: string): string {
  const value = source[field];
  if (value === undefined || value === null) throw validation([requiredIssue(field)]);
  if (typeof value !== 'string') throw validation([{ code: 'invalid_type', expected: 'string', received: typeof value, path: [field], message: `Expected string, received ${typeof value}` }]);
  return value;
}

export function optionalString(source: Record<string, unknown>, field: string): string | undefined {
  const value = source[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw validation([{ code: 'invalid_type', expected: 'string', received: typeof value, path: [field], message: `Expected string, received ${typeof value}` }]);
  return value;
}

/** Secrets routes: `z.enum(["true","false"])` → only the literal strings; `recursive=1` → 422. */
export function strictBool(query: Record<string, string>, field: string, fallback: boolean): boolean {
  const value = query[field];
  if (value === undefined) return fallback;
  if (value !== 'true' && value !== 'false') throw validation([enumIssue(field, value, ['true', 'false'])]);
  return value === 'true';
}

/** Folder routes use a lenient boolean: `1`/`true` and `0`/`false`. */
export function lenientBool(query: Record<string, string | unknown>, field: string): boolean {
  const value = query[field];
  return value === true || value === 'true' || value === '1';
}

const SLUG = /^[a-z0-9]+(?:[a-z0-9-]*[a-z0-9])?$/;
export function requireSlug(source: Record<string, unknown>, field: string): string {
  const value = requireString(source, field);
  if (!SLUG.test(value)) throw validation([{ code: 'custom', path: [field], message: 'Must be valid slug format' } as ZodIssue]);
  return value;
}

/** `SecretNameSchema`: no spaces, not empty. */
export function requireSecretName(name: string, field = 'secretName'): string {
  if (name.trim() === '' || /\s/.test(name)) throw validation([{ code: 'custom', path: [field], message: 'Secret name cannot contain spaces.' } as ZodIssue]);
  return name;
}
