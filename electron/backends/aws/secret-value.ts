import { AppError } from '../../../shared/errors';
import { valueMap, type ValueMap } from '../../util/value-map';
import type { SecretMeta } from '../types';

/** The fields of GetSecretValue / DescribeSecret this file reads. */
export interface SecretVersion {
  SecretString?: string;
  SecretBinary?: Uint8Array;
  VersionId?: string;
  CreatedDate?: Date;
}
export interface SecretDetails {
  LastChangedDate?: Date;
  LastRotatedDate?: Date;
  NextRotationDate?: Date;
  RotationEnabled?: boolean;
  RotationRules?: { AutomaticallyAfterDays?: number };
}

/**
 * The environment's variables. The common convention is a JSON object of strings (the console's key/value
 * view); numbers and booleans (RDS-managed secrets have `"port": 5432`) become their text, nested values
 * their JSON. Anything else is one plain string, exported under the profile's `valueKey`. Never put the
 * secret text (or a JSON parser's message, which quotes it) into an error.
 */
export function valuesOf(version: SecretVersion, ctx: { backend: string; what: string; valueKey?: string }): ValueMap {
  if (version.SecretString === undefined) {
    const binary = version.SecretBinary !== undefined;
    throw new AppError('BAD_REQUEST', `${ctx.what} on ${ctx.backend} holds ${binary ? 'binary data' : 'no value'}, not text.`, 'Latchkey reads secrets stored as a JSON object of keys or as one string.');
  }
  const parsed = parseObject(version.SecretString);
  if (parsed) {
    // Prototype-free: a key named `__proto__` is a variable like any other (value-map.ts).
    return valueMap(Object.entries(parsed).map(([key, value]) => [key, typeof value === 'string' ? value : value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value)]));
  }
  if (!ctx.valueKey) {
    throw new AppError('BAD_REQUEST', `${ctx.what} on ${ctx.backend} holds one plain string, not a JSON object of keys.`, 'Name its variable in the team profile (valueKey on that environment), or store the secret as a JSON object.');
  }
  return valueMap([[ctx.valueKey, version.SecretString]]);
}

function parseObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const iso = (date: Date | undefined) => (date ? date.toISOString() : null);

/**
 * One meta per key; all keys of a secret share its version. `createdAt` is when the current version was
 * written; `updatedAt` (what the 365-day stale rule reads) is the last rotation, else the last change.
 * `details` is null when DescribeSecret was not allowed (a read role may hold GetSecretValue only).
 */
export function metaOf(keys: string[], version: SecretVersion, details: SecretDetails | null): SecretMeta[] {
  const rotation = details && {
    enabled: details.RotationEnabled === true,
    lastRotatedAt: iso(details.LastRotatedDate),
    nextRotationAt: iso(details.NextRotationDate),
    everyDays: details.RotationRules?.AutomaticallyAfterDays ?? null,
  };
  return keys.map((key) => ({
    key,
    version: null,
    ...(version.VersionId ? { versionId: version.VersionId } : {}),
    createdAt: iso(version.CreatedDate),
    updatedAt: iso(details?.LastRotatedDate ?? details?.LastChangedDate),
    ...(rotation ? { rotation } : {}),
  }));
}
