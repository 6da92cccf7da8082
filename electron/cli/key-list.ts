import { AppError } from '../../shared/errors';
import { splitKeyList } from '../exports/key-list';

/** `--keys A,B , C` → ['A','B','C'] without duplicates; an empty list is a usage error, not "all keys". */
export function parseKeyList(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const keys = splitKeyList(text);
  if (keys.length === 0) throw new AppError('BAD_REQUEST', '--keys names no key.', 'Give key names separated by commas, e.g. --keys API_KEY,PORT.');
  return keys;
}
