/**
 * Infisical's error body (`backend/src/server/plugins/error-handler.ts`, BACKENDS_API.md B.0):
 * `{"reqId","statusCode","message","error"}`, plus `details` for permission errors. 422 carries an
 * ARRAY of zod v3 issues in `message`, not a string.
 */
export class SimError extends Error {
  constructor(
    readonly status: number,
    readonly errorName: string,
    readonly body: string | ZodIssue[],
    readonly details?: unknown,
    /** Seconds for `retry-after` (429 only). */
    readonly retryAfter?: number,
  ) {
    super(typeof body === 'string' ? body : 'ValidationFailure');
  }
}

/** A zod v3 issue, the shape the real server's 422 carries. */
export type ZodIssue = Record<string, unknown> & { code: string; path: (string | number)[]; message: string };

export const badRequest = (message: string, name = 'BadRequest') => new SimError(400, name, message);
export const unauthorized = (message: string) => new SimError(401, 'UnauthorizedError', message);
export const notFound = (message = 'The requested entity is not found') => new SimError(404, 'NotFound', message);
export const forbidden = (message = 'You are not allowed to access this resource', name = 'ForbiddenError') =>
  new SimError(403, name, message);
export const internal = () => new SimError(500, 'InternalServerError', 'Something went wrong');
export const rateLimited = (seconds: number) =>
  new SimError(429, 'RateLimitExceeded', `Rate limit exceeded. Please try again in ${seconds} seconds`, undefined, seconds);

/** CASL ForbiddenError as the error handler renders it. */
export function permissionDenied(action: string, subject: string, conditions: Record<string, unknown>): SimError {
  return new SimError(403, 'PermissionDenied', `You are not allowed to ${action} on ${subject}`, [
    { action, inverted: false, subject, conditions },
  ]);
}

/** jwt.JsonWebTokenError → `TokenError`. Status 403 per the current handler; older releases sent 401. */
export const tokenError = (message: string, status: 401 | 403) => new SimError(status, 'TokenError', message);

export const validation = (issues: ZodIssue[]) => new SimError(422, 'ValidationFailure', issues);

export const requiredIssue = (field: string, expected = 'string'): ZodIssue => ({
  code: 'invalid_type',
  expected,
  received: 'undefined',
  path: [field],
  message: 'Required',
});

export const enumIssue = (field: string, received: string, options: string[]): ZodIssue => ({
  received,
  code: 'invalid_enum_value',
  options,
  path: [field],
  message: `Invalid enum value. Expected ${options.map((o) => `'${o}'`).join(' | ')}, received '${received}'`,
});

export function errorBody(reqId: string, error: SimError): Record<string, unknown> {
  if (error.status === 422) return { reqId, statusCode: 422, error: error.errorName, message: error.body };
  const body: Record<string, unknown> = { reqId, statusCode: error.status, message: error.body, error: error.errorName };
  if (error.details !== undefined) body.details = error.details;
  return body;
}
