import DopplerSDK from '@dopplerhq/node-sdk';
import { describe, expect, it } from 'vitest';
import { SAMPLE_TOKENS } from '../../fakes/doppler';
import { useDopplerSimulator } from '../../support/doppler-simulator';

// Fidelity: Doppler's own Node SDK, unmodified, against the simulator. If the SDK can read it, the shapes hold.
const sim = useDopplerSimulator();
const sdk = (token: string) => {
  const client = new DopplerSDK({ accessToken: token });
  client.setBaseUrl(sim().url);
  return client;
};
const raw = (path: string, token: string, headers: Record<string, string> = {}) => fetch(`${sim().url}${path}`, { headers: { Authorization: `Bearer ${token}`, ...headers } });

describe('Doppler simulator vs @dopplerhq/node-sdk', () => {
  it('introspects the token and the workplace', async () => {
    const doppler = sdk(SAMPLE_TOKENS.admin);
    const me = (await doppler.auth.me()) as Record<string, unknown>;
    expect(me).toMatchObject({ name: 'alice@example.invalid', type_: 'personal', workplace: { name: 'Fake Rocket Inc' } });
    expect(String(me.token_preview)).toMatch(/^dp\.pt\.\.\.[A-Za-z0-9]{6}$/);
    expect(await doppler.workplace.get()).toMatchObject({ workplace: { name: 'Fake Rocket Inc' }, success: true });
  });

  it('pages through projects until a short page, 1-based', async () => {
    const doppler = sdk(SAMPLE_TOKENS.admin);
    const pages = await Promise.all([1, 2, 3].map((page) => doppler.projects.list({ page, perPage: 2 })));
    expect(pages.map((p) => p.page)).toEqual([1, 2, 3]);
    expect(pages.map((p) => p.projects?.map((x) => x.slug))).toEqual([['backend', 'payments'], ['web'], []]);
  });

  it('lists environments and configs of a project', async () => {
    const doppler = sdk(SAMPLE_TOKENS.admin);
    const envs = await doppler.environments.list('backend');
    expect(envs.environments?.map((e) => e.id)).toEqual(['dev', 'stg', 'prd']);
    const configs = await doppler.configs.list('backend');
    expect(configs.configs?.map((c) => [c.name, c.root, c.environment])).toEqual([
      ['dev', true, 'dev'],
      ['stg', true, 'stg'],
      ['prd', true, 'prd'],
      ['dev_personal', false, 'dev'],
    ]);
    const stgOnly = await doppler.configs.list('backend', { environment: 'stg' });
    expect(stgOnly.configs?.map((c) => c.name)).toEqual(['stg']);
  });

  it('lists secrets raw and computed, with managed DOPPLER_* ones', async () => {
    const res = (await sdk(SAMPLE_TOKENS.admin).secrets.list('backend', 'dev')) as { secrets: Record<string, { raw: string; computed: string; note: string }> };
    expect(res.secrets.DATABASE_URL).toMatchObject({ raw: 'postgres://${DB_USER}:${DB_PASSWORD}@db.dev.invalid:5432/app', computed: 'postgres://app:fake-db-password-not-real@db.dev.invalid:5432/app', note: '' });
    expect(Object.keys(res.secrets)).toEqual(['API_KEY', 'DATABASE_URL', 'DB_PASSWORD', 'DB_USER', 'DOPPLER_CONFIG', 'DOPPLER_ENVIRONMENT', 'DOPPLER_PROJECT', 'FEATURE_FLAGS']);
    const branch = (await sdk(SAMPLE_TOKENS.admin).secrets.list('backend', 'dev_personal')) as typeof res;
    expect(branch.secrets.API_KEY?.computed).toBe('fake-api-key-dev-not-real');
    const crossProject = (await sdk(SAMPLE_TOKENS.admin).secrets.list('backend', 'stg')) as typeof res;
    expect(crossProject.secrets.SHARED_PUBLIC?.computed).toBe('https://www.example.invalid');
  });

  it('downloads computed values as a flat JSON object, with name transformers', async () => {
    const doppler = sdk(SAMPLE_TOKENS.admin);
    const flat = (await doppler.secrets.download('payments', 'prd', { format: 'json' as never })) as Record<string, string>;
    expect(flat).toEqual({ DOPPLER_CONFIG: 'prd', DOPPLER_ENVIRONMENT: 'prd', DOPPLER_PROJECT: 'payments', MULTILINE: 'line one\nline "two"', STRIPE_KEY: 'sk_live_fake_not_real' });
    const tf = (await doppler.secrets.download('payments', 'prd', { nameTransformer: 'tf-var' as never })) as Record<string, string>;
    expect(tf).toMatchObject({ TF_VAR_stripe_key: 'sk_live_fake_not_real', TF_VAR_doppler_config: 'prd' });
    const camel = (await doppler.secrets.download('payments', 'prd', { nameTransformer: 'camel' as never })) as Record<string, string>;
    expect(camel.stripeKey).toBe('sk_live_fake_not_real');
  });

  it('creates, lists (without keys) and revokes a service token; the revoked token then gets 401', async () => {
    const doppler = sdk(SAMPLE_TOKENS.admin);
    const expireAt = Math.floor(Date.now() / 1000) + 3600;
    const created = (await doppler.serviceTokens.create({ project: 'web', config: 'dev', name: 'fidelity', expire_at: expireAt, access: 'read' } as never)) as {
      token: { key: string; slug: string; expires_at: string; config: string };
    };
    expect(created.token.key).toMatch(/^dp\.st\.dev\.[A-Za-z0-9]{40}$/);
    expect(Date.parse(created.token.expires_at)).toBe(expireAt * 1000);
    const scoped = (await sdk(created.token.key).secrets.download('web', 'dev')) as Record<string, string>;
    expect(scoped.PUBLIC_URL).toBe('http://localhost:3000');
    const list = (await doppler.serviceTokens.list('web', 'dev')) as { tokens: Array<Record<string, unknown>> };
    expect(list.tokens.map((t) => t.slug)).toContain(created.token.slug);
    expect(list.tokens.every((t) => !('key' in t))).toBe(true);
    // Revoke the way the CLI does (project/config as query, slug in the JSON body). The SDK's own
    // serviceTokens.delete writes a DELETE body without Content-Length or chunking (Node does not chunk
    // DELETE), which no HTTP/1.1 server can read; see the report.
    const revoked = await fetch(`${sim().url}/v3/configs/config/tokens/token?project=web&config=dev`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${SAMPLE_TOKENS.admin}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ slug: created.token.slug }),
    });
    expect(await revoked.json()).toEqual({ success: true });
    await expect(sdk(created.token.key).secrets.download('web', 'dev')).rejects.toMatchObject({ statusCode: 401, detail: { messages: ['Invalid Auth token'], success: false } });
  });

  it('keeps a service token inside its one config', async () => {
    const st = sdk(SAMPLE_TOKENS.backendDev);
    await expect(st.projects.list()).rejects.toMatchObject({ statusCode: 403 });
    await expect(st.secrets.download('payments', 'prd')).rejects.toMatchObject({ statusCode: 403 });
    // project/config may be left out with a service token.
    const res = await raw('/v3/configs/config/secrets/download?format=json', SAMPLE_TOKENS.backendDev);
    expect(await res.json()).toMatchObject({ DOPPLER_PROJECT: 'backend', DOPPLER_CONFIG: 'dev' });
  });

  it('hides what a limited principal cannot read: configs list, 403 on read, 404 on unknown projects', async () => {
    const bob = sdk(SAMPLE_TOKENS.developer);
    expect((await bob.projects.list()).projects?.map((p) => p.slug)).toEqual(['backend']);
    expect((await bob.configs.list('backend')).configs?.map((c) => c.name)).toEqual(['dev', 'dev_personal']);
    await expect(bob.secrets.download('backend', 'prd')).rejects.toMatchObject({ statusCode: 403 });
    await expect(bob.configs.list('payments')).rejects.toMatchObject({ statusCode: 404 });
  });
});

describe('Doppler simulator wire details (raw HTTP)', () => {
  it('serves every download format, with an ETag that yields 304', async () => {
    const q = (format: string) => `/v3/configs/config/secrets/download?project=payments&config=prd&format=${format}&secrets=MULTILINE,STRIPE_KEY`;
    const text = async (format: string) => (await raw(q(format), SAMPLE_TOKENS.admin)).text();
    expect(await text('env')).toBe('MULTILINE="line one\\nline \\"two\\""\nSTRIPE_KEY="sk_live_fake_not_real"');
    expect(await text('env-no-quotes')).toBe('MULTILINE=line one\\nline "two"\nSTRIPE_KEY=sk_live_fake_not_real');
    expect(await text('docker')).toBe('MULTILINE=line one\\nline "two"\nSTRIPE_KEY=sk_live_fake_not_real');
    expect(await text('yaml')).toBe('MULTILINE: "line one\\nline \\"two\\""\nSTRIPE_KEY: sk_live_fake_not_real\n');
    expect(JSON.parse(await text('dotnet-json'))).toEqual({ MULTILINE: 'line one\nline "two"', STRIPE_KEY: 'sk_live_fake_not_real' });
    expect((await raw(q('xml'), SAMPLE_TOKENS.admin)).status).toBe(400);

    const first = await raw(q('json'), SAMPLE_TOKENS.admin);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^".+"$/);
    const again = await raw(q('json'), SAMPLE_TOKENS.admin, { 'If-None-Match': etag! });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    sim().state.projects.find((p) => p.slug === 'payments')!.configs.find((c) => c.name === 'prd')!.secrets.get('STRIPE_KEY')!.raw = 'sk_live_fake_rotated';
    expect((await raw(q('json'), SAMPLE_TOKENS.admin, { 'If-None-Match': etag! })).status).toBe(200);
  });

  it('answers errors as {messages, success:false} JSON and accepts Basic auth', async () => {
    const bad = await raw('/v3/projects', 'dp.pt.fakeTokenNotRealAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    expect(bad.status).toBe(401);
    expect(bad.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await bad.json()).toEqual({ messages: ['Invalid Auth token'], success: false });
    const basic = await fetch(`${sim().url}/v3/me`, { headers: { Authorization: `Basic ${Buffer.from(`${SAMPLE_TOKENS.serviceAccount}:`).toString('base64')}` } });
    expect(await basic.json()).toMatchObject({ type: 'service_account', success: true });
  });

  it('sends x-ratelimit-* on every answer and 429 with retry-after past the limit', async () => {
    sim().rateLimit.limit = 2;
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await raw('/v3/me', SAMPLE_TOKENS.admin));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 429]);
    expect(answers.map((a) => a.headers.get('x-ratelimit-remaining'))).toEqual(['1', '0', '0']);
    expect(answers[2]!.headers.get('x-ratelimit-limit')).toBe('2');
    expect(Number(answers[2]!.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000 - 1);
    expect(Number(answers[2]!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await answers[2]!.json()).toMatchObject({ success: false, messages: [expect.any(String)] });
    await expect(sdk(SAMPLE_TOKENS.admin).auth.me()).rejects.toMatchObject({ statusCode: 429 });
  });
});
