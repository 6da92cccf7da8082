/**
 * Scrubs secrets out of any text headed for a message or a log. Adapters register every token they hold;
 * shapes of well-known tokens are scrubbed even when nobody registered them (a token echoed back by a
 * server, or one read from a file we did not write).
 */
export interface Redactor {
  /** Remember a secret so later text containing it is scrubbed. Short strings are ignored (too noisy). */
  register(secret: string | null | undefined): void;
  forget(secret: string): void;
  redact(text: string): string;
}

const MASK = '[redacted]';
const MIN_LENGTH = 6;

// Vault/OpenBao service and batch tokens (hvs./hvb./s./b.), Infisical/Doppler style tokens, bearer headers,
// and JWTs (Infisical user and identity tokens) anywhere in a text.
const TOKEN_SHAPES: RegExp[] = [
  /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
  /\b(?:hv[sbr]|s|b)\.[A-Za-z0-9_-]{20,}/g,
  /\bdp\.(?:st|pt|sa|ct|scim|audit)\.[A-Za-z0-9_.-]{10,}/g,
  /\b(?:Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi,
  /\bX-Vault-Token["':\s]+[^\s"',}]+/gi,
  // AWS access key ids (long-term AKIA…, temporary ASIA…) and signed Authorization/session-token headers.
  /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g,
  /\bX-Amz-Security-Token["':=\s]+[^\s"',}&]+/gi,
];

export function createRedactor(): Redactor {
  const secrets = new Set<string>();
  return {
    register(secret) {
      if (secret && secret.length >= MIN_LENGTH) secrets.add(secret);
    },
    forget(secret) {
      secrets.delete(secret);
    },
    redact(text) {
      let out = text;
      // Longest first, so a secret that contains another is masked whole.
      for (const secret of [...secrets].sort((a, b) => b.length - a.length)) out = out.split(secret).join(MASK);
      for (const shape of TOKEN_SHAPES) out = out.replace(shape, MASK);
      return out;
    },
  };
}

/**
 * The process-wide redactor. Redaction is a safety net that must cover every log line in the process,
 * so one shared registry is deliberate (the one exception to "no module-level state").
 */
export const redactor: Redactor = createRedactor();
