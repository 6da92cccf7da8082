/**
 * A key → value map of secret names, which come from servers and files we do not control. It has no
 * prototype: `__proto__` is then an ordinary key (a plain `{}` silently drops it), and `toString` or
 * `constructor` are keys only when a server sent them (a plain `{}` answers them with a function).
 */
export type ValueMap = Record<string, string>;

export function valueMap(entries: Iterable<readonly [string, string]> = []): ValueMap {
  const map = Object.create(null) as ValueMap;
  for (const [key, value] of entries) map[key] = value;
  return map;
}
