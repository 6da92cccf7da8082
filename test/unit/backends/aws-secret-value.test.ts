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
    // backends.json holds the parsed form, url included: it parses again as it was…
    expect(AwsBackendConfig.parse(JSON.parse(JSON.stringify(regional)))).toEqual(regional);
    // …and a url edited there is refused, not trusted: the endpoint or the region decides where requests go.
    const edited = AwsBackendConfig.safeParse({ ...regional, url: 'http://evil.invalid' });
    expect(edited.error?.issues[0]).toMatchObject({ path: ['url'], message: expect.stringContaining('derived') });
  });

  it('is strict, and plain http:// leaves this machine only with allowInsecureHttp', () => {
    const base = { name: 'acme-aws', kind: 'aws', region: 'eu-west-1' };
    expect(AwsBackendConfig.safeParse({ ...base, prefx: 'acme/' }).error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['prefx'] });
    expect(AwsBackendConfig.safeParse({ ...base, auth: { method: 'chain', profile: 'x' } }).success).toBe(false);
    const remote = AwsBackendConfig.safeParse({ ...base, endpoint: 'http://secrets.proxy.example:8080' });
    expect(remote.error?.issues[0]).toMatchObject({ path: ['endpoint'], params: { rule: 'insecure-http' } });
    expect(AwsBackendConfig.parse({ ...base, endpoint: 'http://secrets.proxy.example:8080', allowInsecureHttp: true }).url).toBe('http://secrets.proxy.example:8080');
    // moto in the tests: loopback, so plain http is fine without the opt-in.
    expect(AwsBackendConfig.safeParse({ ...base, endpoint: 'http://127.0.0.1:4566' }).success).toBe(true);
    expect(AwsBackendConfig.safeParse({ ...base, endpoint: 'https://user:pass@vpce.example' }).success).toBe(false);
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
    ['acme/payments/dev', { project: 'payments', env: 'dev', path: 'acme/payments/dev' }],
    ['acme/payments/..', null],
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

  it('keeps a key named __proto__ as a variable (a prototype-free map), and invents none', () => {
    const values = valuesOf({ SecretString: '{"__proto__":"fake-proto-value","A":"x"}' }, ctx);
    expect(Object.keys(values)).toEqual(['__proto__', 'A']);
    expect(values['__proto__']).toBe('fake-proto-value');
    expect(values['toString']).toBeUndefined();
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
