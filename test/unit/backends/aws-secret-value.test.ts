import { describe, expect, it } from 'vitest';
import { environmentOf } from '../../../electron/backends/aws/adapter';
import { metaOf, valuesOf } from '../../../electron/backends/aws/secret-value';
import { AwsBackendConfig } from '../../../shared/backends';

const ctx = { backend: 'acme-aws', what: 'acme/web/prod' };

describe('AWS backend config', () => {
  it("derives the address from the region unless an endpoint overrides it, and re-derives it on every read", () => {
    const regional = AwsBackendConfig.parse({ name: 'acme-aws', kind: 'aws', region: 'eu-west-1' });
    expect(regional).toMatchObject({ url: 'https://secretsmanager.eu-west-1.amazonaws.com', prefix: '', auth: { method: 'chain' } });
    const moto = AwsBackendConfig.parse({ name: 'acme-aws', kind: 'aws', region: 'us-gov-west-1', endpoint: 'http://127.0.0.1:5000' });
    expect(moto.url).toBe('http://127.0.0.1:5000');
    // backends.json holds the parsed form: a stored url is not trusted, the endpoint or region decides.
    expect(AwsBackendConfig.parse({ ...regional, url: 'http://evil.invalid' }).url).toBe('https://secretsmanager.eu-west-1.amazonaws.com');
  });

  it.each([
    [{ region: 'eu-west' }, 'region'],
    [{ region: 'EU-WEST-1' }, 'region'],
    [{ region: 'eu-west-1', profile: 'dev; rm -rf ~' }, 'profile'],
    [{ region: 'eu-west-1', prefix: 'acme prod/' }, 'prefix'],
    [{ region: 'eu-west-1', endpoint: 'ftp://x.invalid' }, 'endpoint'],
  ])('refuses %j', (fields, path) => {
    const parsed = AwsBackendConfig.safeParse({ name: 'acme-aws', kind: 'aws', ...fields });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual([path]);
  });
});

describe('environmentOf', () => {
  it.each([
    ['acme/payments/dev', { project: 'payments', env: 'dev', path: 'payments/dev' }],
    ['acme/payments/dev/extra', null],
    ['acme/payments', null],
    ['ACME/payments/dev', null],
    ['acme/latchkey/requests', null],
    ['other/payments/dev', null],
  ])('%s', (name, expected) => expect(environmentOf(name, 'acme/')).toEqual(expected));
});

describe('valuesOf', () => {
  it('reads a JSON object; numbers, booleans, null and nested values become text', () => {
    const SecretString = JSON.stringify({ A: 'x', PORT: 5432, ON: false, NONE: null, NESTED: { k: [1] } });
    expect(valuesOf({ SecretString }, ctx)).toEqual({ A: 'x', PORT: '5432', ON: 'false', NONE: '', NESTED: '{"k":[1]}' });
  });

  it('a plain string (or JSON that is not an object) is one variable named by valueKey', () => {
    expect(valuesOf({ SecretString: 'postgres://fake' }, { ...ctx, valueKey: 'DATABASE_URL' })).toEqual({ DATABASE_URL: 'postgres://fake' });
    expect(valuesOf({ SecretString: '["a"]' }, { ...ctx, valueKey: 'LIST' })).toEqual({ LIST: '["a"]' });
  });

  it('refuses a plain string without valueKey, and binary data, never quoting the value', () => {
    const plain = () => valuesOf({ SecretString: 'fake-plain-secret-not-real' }, ctx);
    expect(plain).toThrow(expect.objectContaining({ code: 'BAD_REQUEST', hint: expect.stringContaining('valueKey') }));
    try {
      plain();
    } catch (error) {
      expect(JSON.stringify({ m: (error as Error).message, h: (error as { hint?: string }).hint })).not.toContain('fake-plain');
    }
    expect(() => valuesOf({ SecretBinary: new Uint8Array([1]) }, ctx)).toThrow(expect.objectContaining({ code: 'BAD_REQUEST', message: expect.stringContaining('binary') }));
  });
});

describe('metaOf', () => {
  const version = { VersionId: 'v-1', CreatedDate: new Date('2026-01-01T00:00:00Z') };

  it('ages come from the last rotation, else the last change; rotation is reported', () => {
    const details = {
      LastChangedDate: new Date('2026-03-01T00:00:00Z'),
      LastRotatedDate: new Date('2026-02-01T00:00:00Z'),
      NextRotationDate: new Date('2026-03-03T00:00:00Z'),
      RotationEnabled: true,
      RotationRules: { AutomaticallyAfterDays: 30 },
    };
    expect(metaOf(['A'], version, details)).toEqual([
      {
        key: 'A',
        version: null,
        versionId: 'v-1',
        createdAt: '2026-01-01T00:00:00.000Z',
        updatedAt: '2026-02-01T00:00:00.000Z',
        rotation: { enabled: true, lastRotatedAt: '2026-02-01T00:00:00.000Z', nextRotationAt: '2026-03-03T00:00:00.000Z', everyDays: 30 },
      },
    ]);
    expect(metaOf(['A'], version, { LastChangedDate: new Date('2026-03-01T00:00:00Z') })[0]).toMatchObject({ updatedAt: '2026-03-01T00:00:00.000Z', rotation: { enabled: false } });
  });

  it('without DescribeSecret the version date is all there is: no rotation claimed', () => {
    const [meta] = metaOf(['A'], version, null);
    expect(meta).toEqual({ key: 'A', version: null, versionId: 'v-1', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: null });
  });
});
