import { AppError } from '../../../shared/errors';
import { assertExportable, VALID_KEY, type EnvValues } from './common';
import { valueMap } from '../../util/value-map';

/** A flat JSON object of strings. JSON has no comments, so there is no header: the ledger knows the expiry. */
export function serializeJson(values: EnvValues): string {
  assertExportable(values, 'JSON');
  return `${JSON.stringify(values, null, 2)}\n`;
}

export function parseJson(text: string): EnvValues {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new AppError('BAD_REQUEST', 'The JSON export is not valid JSON.', 'Write it again with Latchkey or fix the file.');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new AppError('BAD_REQUEST', 'The JSON export must be one object of KEY: "value" pairs.');
  }
  const out = valueMap();
  for (const [key, value] of Object.entries(parsed)) {
    if (!VALID_KEY.test(key)) throw new AppError('BAD_REQUEST', 'The JSON export has a key that is not a valid variable name.');
    if (typeof value !== 'string') throw new AppError('BAD_REQUEST', `The JSON export has a non-text value for ${key}.`);
    out[key] = value;
  }
  return out;
}
