import fc from 'fast-check';

const FIRST = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_'.split('');
const REST = [...FIRST, ...'0123456789'.split('')];

/** Valid variable names. `prefix` keeps shell tests clear of names bash gives meaning to (PWD, RANDOM…). */
export function envKey(prefix = ''): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...FIRST), fc.string({ unit: fc.constantFrom(...REST), maxLength: 12 }))
    .map(([first, rest]) => `${prefix}${first}${rest}`);
}

// The characters quoting schemes trip on, plus whitespace JS trims and text that looks like escapes.
const NASTY = [
  '\n', '\r', '\r\n', '"', "'", '`', '#', ' #', '$', '${HOME}', '$(id)', '\\', '\\n', '\\r', '\\"', "\\'", '=', ' ', '\t',
  'export ', 'a', 'Z', 'n', 'r', 'é', '€', '😀', '\u2028', '\u2029', '\u00a0', '\ufeff', '\v', '\f', '\u0085',
];

/** Any text an env var can hold: full Unicode code points, NUL excluded, biased towards the nasty ones. */
export const envValue: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }).filter((s) => !s.includes('\0')),
  fc.array(fc.constantFrom(...NASTY), { maxLength: 10 }).map((parts) => parts.join('')),
  fc.array(fc.oneof(fc.constantFrom(...NASTY), fc.string({ unit: 'binary', maxLength: 3 })), { maxLength: 8 })
    .map((parts) => parts.join(''))
    .filter((s) => !s.includes('\0')),
  fc.constant(''),
);

export function envRecord(prefix = '', maxKeys = 12): fc.Arbitrary<Record<string, string>> {
  return fc.dictionary(envKey(prefix), envValue, { maxKeys, noNullPrototype: true });
}
