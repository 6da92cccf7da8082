/**
 * The comment Latchkey puts at the top of dotenv, shell and docker exports, written and read here only:
 * the serializers write it, `extend` rewrites its expiry. JSON has no comments, so it has no header.
 */
export interface ExportHeader {
  /** Environment ref, e.g. `acme-vault:payments/staging`. */
  ref: string;
  keys: number;
  /** ISO 8601 time at which Latchkey deletes the file. */
  expiresAt: string;
}

const FIRST = '# Written by Latchkey from ';

/** `# ...` lines shared by dotenv, shell and docker. Line breaks in the ref are flattened: it is one comment. */
export function headerLines(header: ExportHeader | undefined): string[] {
  if (header === undefined) return [];
  const ref = header.ref.replace(/[\r\n\u2028\u2029]+/g, ' ');
  return [
    `${FIRST}${ref}: ${header.keys} ${header.keys === 1 ? 'key' : 'keys'}${expiryClause(header.expiresAt)}`,
    '# Do not commit or share this file. Latchkey deletes it at expiry.',
  ];
}

/**
 * The same text with the header's expiry changed from `from` to `to`, or null when the text does not start
 * with a header saying `from` (a file the user edited, or a format without a header).
 */
export function withHeaderExpiry(text: string, from: string, to: string): string | null {
  const newline = text.indexOf('\n');
  if (newline < 0) return null;
  const first = text.slice(0, newline);
  const clause = expiryClause(from);
  if (!first.startsWith(FIRST) || !first.endsWith(clause)) return null;
  return `${first.slice(0, -clause.length)}${expiryClause(to)}${text.slice(newline)}`;
}

const expiryClause = (expiresAt: string) => `, expires ${expiresAt}.`;
