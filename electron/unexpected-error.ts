/**
 * What people see when something failed that no service described: no detail, since the error's own text
 * may carry a token, a value or a path. Zod-free, so the thin CLI shows the same words as the full one.
 */
export const UNEXPECTED_ERROR = {
  code: 'INTERNAL',
  message: 'Latchkey hit an unexpected error and did not finish this action. Nothing was written.',
  hint: 'Check your setup and try again; if it persists, report it with the audit log (it holds no secrets).',
  next: { action: 'doctor' },
} as const;
