import { hasDotSegment } from '../../../shared/backends';
import { AppError } from '../../../shared/errors';

/**
 * A Vault path (mount, secret path, role) as URL path segments: each segment percent-encoded, so a `?`, `#`
 * or `%` in a name stays part of the name. `.` and `..` are refused, not encoded: URL parsing resolves
 * them (even as `%2e%2e`), and `secret/data/../../sys/policy` would become `sys/policy` with the user's token.
 */
export function encodePath(path: string): string {
  if (hasDotSegment(path)) {
    throw new AppError('BAD_REQUEST', `The Vault path "${path}" has a "." or ".." segment, so Latchkey did not send it.`,
      'Paths name places inside a mount; fix the path in the team profile or the environment reference.');
  }
  return path.split('/').filter(Boolean).map(encodeURIComponent).join('/');
}
