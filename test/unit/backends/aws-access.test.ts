import { describe, expect, it } from 'vitest';
import { readableIn, readableSecrets, type AccessCalls } from '../../../electron/backends/aws/access';
import { AppError } from '../../../shared/errors';

// moto answers per-secret Errors only for missing or deleted secrets (it does not evaluate resource ARNs),
// so the per-secret AccessDeniedException path AWS documents is pinned here, on the answer's shape.
describe('readableIn (one BatchGetSecretValue answer)', () => {
  it('secrets in SecretValues are readable; refused, missing and unmentioned ones are not', () => {
    const answer = {
      SecretValues: [{ Name: 'acme/a/dev' }, { ARN: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:acme/b/dev-AbCdEf' }],
      Errors: [
        { SecretId: 'acme/c/dev', ErrorCode: 'AccessDeniedException' },
        { SecretId: 'acme/d/dev', ErrorCode: 'DecryptionFailure' },
        { SecretId: 'acme/e/dev', ErrorCode: 'ResourceNotFoundException' },
        { SecretId: 'acme/f/dev', ErrorCode: 'InternalServiceError' },
      ],
    };
    const requested = ['acme/a/dev', 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:acme/b/dev-AbCdEf', 'acme/c/dev', 'acme/d/dev', 'acme/e/dev', 'acme/f/dev', 'acme/g/dev'];
    const found = readableIn(requested, answer);
    expect([...found.readable].sort()).toEqual(['acme/a/dev', 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:acme/b/dev-AbCdEf']);
    // An internal error says nothing about access: that one is asked again, alone.
    expect(found.unsure).toEqual(['acme/f/dev']);
  });
});

describe('readableSecrets', () => {
  const ids = Array.from({ length: 45 }, (_, i) => `acme/p${i}/dev`);
  const even = (id: string) => Number(/p(\d+)/.exec(id)![1]) % 2 === 0;

  function calls(options: { batchRefused?: boolean; singleFails?: AppError } = {}) {
    const log: string[] = [];
    const fake: AccessCalls = {
      async batch(chunk) {
        log.push(`batch:${chunk.length}`);
        if (options.batchRefused) throw new AppError('FORBIDDEN', 'no batch');
        return { SecretValues: chunk.filter(even).map((Name) => ({ Name })), Errors: chunk.filter((id) => !even(id)).map((SecretId) => ({ SecretId, ErrorCode: 'AccessDeniedException' })) };
      },
      async single(id) {
        log.push('single');
        if (options.singleFails) throw options.singleFails;
        if (!even(id)) throw new AppError('FORBIDDEN', 'denied');
      },
    };
    return { fake, log };
  }

  it('asks 20 secrets per request: 45 secrets cost 3 requests', async () => {
    const { fake, log } = calls();
    expect([...(await readableSecrets(ids, fake))].sort()).toEqual(ids.filter(even).sort());
    expect(log.sort()).toEqual(['batch:20', 'batch:20', 'batch:5']);
  });

  it('when the batch call itself is refused, every secret is asked alone and the answer is the same', async () => {
    const { fake, log } = calls({ batchRefused: true });
    expect([...(await readableSecrets(ids, fake))].sort()).toEqual(ids.filter(even).sort());
    // One refused batch, then single reads only.
    expect(log.filter((l) => l === 'single')).toHaveLength(45);
    expect(log.filter((l) => l.startsWith('batch'))).toEqual(['batch:20']);
  });

  it('a failure that is not about one secret (signed out, throttled, down) is thrown, not read as "denied"', async () => {
    const { fake } = calls({ batchRefused: true, singleFails: new AppError('UNAUTHENTICATED', 'expired') });
    await expect(readableSecrets(ids, fake)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
