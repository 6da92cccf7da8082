import { describe, expect, it } from 'vitest';
import { awsError } from '../../../electron/backends/aws/errors';
import { createRedactor } from '../../../electron/backends/redact';
import { commandFor } from '../../../electron/cli/next-step';

const redactor = createRedactor();
redactor.register('fake-secret-access-key-not-real');
const ctx = { backend: 'acme-aws', url: 'https://secretsmanager.eu-west-1.amazonaws.com', what: 'acme/payments/dev', redact: (t: string) => redactor.redact(t) };
const sdkError = (name: string, message: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(message), { name, ...extra });

describe('awsError', () => {
  it('an expired SSO session asks for the SSO sign-in of the profile: in words, and as the next step the CLI renders as a command', () => {
    const error = awsError(sdkError('CredentialsProviderError', 'The SSO session associated with this profile has expired or is otherwise invalid.'), { ...ctx, profile: 'acme-dev' });
    expect(error).toMatchObject({ code: 'UNAUTHENTICATED', hint: expect.stringContaining('SSO sign-in for the profile acme-dev'), next: { action: 'aws-sso-login', profile: 'acme-dev' } });
    // The service speaks no CLI: the command is the face's rendering of the next step.
    expect(`${error.message} ${error.hint}`).not.toMatch(/aws sso login|latchkey /);
    expect(commandFor(error.next!)).toBe('aws sso login --profile acme-dev');
  });

  it('no credentials anywhere, no profile: sign in to the backend (paste a key pair)', () => {
    const error = awsError(sdkError('CredentialsProviderError', 'Could not load credentials from any providers'), ctx);
    expect(error).toMatchObject({ code: 'UNAUTHENTICATED', next: { action: 'login', backend: 'acme-aws' } });
    expect(commandFor({ action: 'aws-sso-login' })).toBe('aws sso login');
  });

  it.each([
    ['ExpiredTokenException', 'UNAUTHENTICATED'],
    ['UnrecognizedClientException', 'UNAUTHENTICATED'],
    ['AccessDeniedException', 'FORBIDDEN'],
    ['DecryptionFailure', 'FORBIDDEN'],
    ['ResourceNotFoundException', 'NOT_FOUND'],
    ['ResourceExistsException', 'CONFLICT'],
    ['ThrottlingException', 'RATE_LIMITED'],
    ['InvalidParameterException', 'BAD_REQUEST'],
    ['InternalServiceError', 'BACKEND_UNAVAILABLE'],
  ])('%s → %s, naming the backend', (name, code) => {
    const error = awsError(sdkError(name, 'something', { $metadata: { httpStatusCode: 400, attempts: 3 } }), ctx);
    expect(error.code).toBe(code);
    expect(error.message).toContain('acme-aws');
  });

  it('socket failures are BACKEND_UNAVAILABLE; an unparsable 403 (a proxy page, an XML error) is FORBIDDEN', () => {
    expect(awsError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), ctx)).toMatchObject({ code: 'BACKEND_UNAVAILABLE', message: expect.stringContaining(ctx.url) });
    expect(awsError(sdkError('SyntaxError', 'Unexpected token <', { $metadata: { httpStatusCode: 403 } }), ctx).code).toBe('FORBIDDEN');
  });

  it("AWS's own words are kept for a denial, with credentials redacted", () => {
    // Built at run time: no string in the repository has the shape of a real access key id.
    const keyId = ['AKIA', 'FAKEFAKEFAKEFAKE'].join('');
    const error = awsError(sdkError('AccessDeniedException', `User: arn:aws:iam::111122223333:user/bob is not authorized; key ${keyId} secret fake-secret-access-key-not-real`), ctx);
    expect(error.message).toContain('user/bob is not authorized');
    expect(error.message).not.toContain(keyId);
    expect(error.message).not.toContain('fake-secret-access-key-not-real');
  });
});
