import { AppError, type NextStep } from '../../../shared/errors';

/** Who failed and on what, for messages: never a credential or a value. */
export interface AwsErrorContext {
  backend: string;
  /** The Secrets Manager endpoint (derived from the region unless overridden). */
  url: string;
  /** What was asked for: `acme/payments/dev`, `the secret list`, `role arn:…`. */
  what: string;
  /** The AWS profile the chain uses, for the `aws sso login --profile` step. */
  profile?: string;
  redact: (text: string) => string;
}

/** The shape of what the SDK throws: a service exception, a credential-provider error or a socket error. */
interface SdkError {
  name?: string;
  message?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
}

const AUTH_FAILED = new Set([
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'MissingAuthenticationToken',
  'AuthFailure',
]);
const EXPIRED = new Set(['ExpiredTokenException', 'ExpiredToken', 'RequestExpired']);
const DENIED = new Set(['AccessDeniedException', 'AccessDenied']);
const THROTTLED = new Set(['ThrottlingException', 'Throttling', 'TooManyRequestsException', 'RequestLimitExceeded']);
const REJECTED = new Set(['InvalidParameterException', 'InvalidRequestException', 'ValidationException', 'ValidationError', 'MalformedPolicyDocument']);
const NOT_FOUND = new Set(['ResourceNotFoundException', 'NoSuchEntity', 'NoSuchEntityException']);
/** A name that is taken (CreateSecret): the request ledger's records are written once. */
const EXISTS = new Set(['ResourceExistsException', 'EntityAlreadyExists']);
const NO_CREDENTIALS = new Set(['CredentialsProviderError', 'TokenProviderError']);
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'TimeoutError', 'RequestTimeout']);

/** AWS's own text (names the principal and the action, never a secret), redacted and kept short. */
const said = (error: SdkError, ctx: AwsErrorContext) => {
  const text = ctx.redact((error.message ?? '').replace(/\s+/g, ' ').trim()).slice(0, 300);
  return text ? ` (AWS said: ${text})` : '';
};

/**
 * Maps anything the AWS SDK throws to an AppError. The SDK has already retried throttling and transient
 * failures (standard retry mode) when this runs, so RATE_LIMITED means "still throttled after retries".
 */
export function awsError(thrown: unknown, ctx: AwsErrorContext): AppError {
  if (thrown instanceof AppError) return thrown;
  const error = (thrown ?? {}) as SdkError;
  const name = error.name ?? '';
  const status = error.$metadata?.httpStatusCode;
  const where = `${ctx.backend} (AWS Secrets Manager at ${ctx.url})`;
  const sso: NextStep = { action: 'aws-sso-login', ...(ctx.profile ? { profile: ctx.profile } : {}) };
  // Words, not a command: the next step carries the action, and each face renders it (a command, a button).
  const ssoWords = `the AWS CLI's SSO sign-in${ctx.profile ? ` for the profile ${ctx.profile}` : ''}`;
  const cause = { cause: thrown };

  if (NO_CREDENTIALS.has(name)) {
    // The SDK's text for an expired IAM Identity Center session names SSO; anything else is "none found".
    if (/sso|token.*expired|expired.*token/i.test(error.message ?? '')) {
      return new AppError('UNAUTHENTICATED', `The AWS SSO session behind ${ctx.backend}'s credentials has expired.`, `Sign in again through ${ssoWords}, then retry.`, { ...cause, next: sso });
    }
    return new AppError(
      'UNAUTHENTICATED',
      `No AWS credentials were found for ${ctx.backend}${ctx.profile ? ` (AWS profile ${ctx.profile})` : ''}: Latchkey looked in the environment, the AWS config and credentials files, SSO sessions and credential processes.`,
      `Sign in through ${ssoWords} (or set up the AWS CLI's credentials), or give Latchkey an access key pair.`,
      { ...cause, next: ctx.profile ? sso : { action: 'login', backend: ctx.backend } },
    );
  }
  if (EXPIRED.has(name)) {
    return new AppError('UNAUTHENTICATED', `Your AWS session for ${ctx.backend} has expired.`, `Sign in again through ${ssoWords} (or refresh the credentials your AWS profile uses), then retry.`, { ...cause, next: sso });
  }
  if (AUTH_FAILED.has(name) || status === 401) {
    return new AppError('UNAUTHENTICATED', `${where} does not accept your AWS credentials: the key was deleted, deactivated or mistyped.`, 'Sign in again with valid AWS credentials.', {
      ...cause,
      next: { action: 'login', backend: ctx.backend },
    });
  }
  if (DENIED.has(name) || name === 'KMSAccessDeniedException') {
    return new AppError('FORBIDDEN', `Your AWS identity may not access ${ctx.what} on ${ctx.backend}${said(error, ctx)}.`, 'Ask an AWS admin for secretsmanager:GetSecretValue on that secret (and kms:Decrypt on its key), or request access.', cause);
  }
  if (name === 'DecryptionFailure') {
    return new AppError('FORBIDDEN', `${where} could not decrypt ${ctx.what} with its KMS key.`, 'Ask an AWS admin for kms:Decrypt on the KMS key of that secret.', cause);
  }
  if (NOT_FOUND.has(name)) {
    return new AppError('NOT_FOUND', `${where} has no ${ctx.what}, or your identity cannot see it.`, "Check the environment name and the backend's prefix and region.", cause);
  }
  if (EXISTS.has(name)) {
    return new AppError('CONFLICT', `${where} already has ${ctx.what}.`, 'Look at what is there before writing it again.', cause);
  }
  if (THROTTLED.has(name) || status === 429) {
    const tries = error.$metadata?.attempts ?? 1;
    return new AppError('RATE_LIMITED', `${where} is throttling requests (still throttled after ${tries} attempt${tries === 1 ? '' : 's'}).`, 'Wait a few seconds, then retry.', { ...cause, next: { action: 'retry' } });
  }
  if (REJECTED.has(name)) {
    return new AppError('BAD_REQUEST', `${where} rejected the request for ${ctx.what}${said(error, ctx)}.`, "Check the backend's region and prefix, and the environment name.", cause);
  }
  if (UNREACHABLE.has(name) || UNREACHABLE.has(error.code ?? '')) {
    return new AppError('BACKEND_UNAVAILABLE', `${ctx.backend} could not reach AWS Secrets Manager at ${ctx.url} (${error.code ?? name}).`, "Check your network, VPN or proxy, and the backend's region and endpoint.", {
      ...cause,
      next: { action: 'retry' },
    });
  }
  // An answer the SDK could not parse (an HTML page from a proxy, an XML error): its status still says what happened.
  if (status === 403) return new AppError('FORBIDDEN', `${where} refused the request for ${ctx.what} (HTTP 403).`, 'Ask an AWS admin for access to that secret, or request access.', cause);
  if (status === 404) return new AppError('NOT_FOUND', `${where} answered HTTP 404 for ${ctx.what}.`, "Check the backend's endpoint and region.", cause);
  return new AppError(
    'BACKEND_UNAVAILABLE',
    `${where} failed for ${ctx.what}${status ? ` (HTTP ${status}${name ? `, ${name}` : ''})` : name ? ` (${name})` : ''}.`,
    'Retry later; if it persists, check the AWS Health Dashboard or your proxy.',
    { ...cause, next: { action: 'retry' } },
  );
}
