import { InfisicalSDK } from '@infisical/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE, startInfisicalSimulator, type InfisicalSimulator } from '../../fakes/infisical';

// Fidelity proof: the vendor's own client, unmodified, against the simulator. A simulator the SDK rejects is a
// simulator bug. (The SDK retries 429 with 1 s+ backoff, so no rate-limit faults here.)
let sim: InfisicalSimulator;
let paymentsId: string;

beforeAll(async () => {
  sim = await startInfisicalSimulator({ seed: 'sample' });
  paymentsId = sim.state.projectBySlug(SAMPLE.projects.payments)!.id;
});
afterAll(() => sim.close());

async function signedIn(who: { clientId: string; clientSecret: string } = SAMPLE.identities.admin) {
  return new InfisicalSDK({ siteUrl: sim.url }).auth().universalAuth.login(who);
}

describe('@infisical/sdk against the Infisical simulator', () => {
  it('logs in with universal auth, lists secrets and gets one, with the seeded values', async () => {
    const client = await signedIn();
    expect(client.auth().getAccessToken()).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);

    const listed = await client.secrets().listSecrets({ projectId: paymentsId, environment: 'dev', expandSecretReferences: false });
    const byKey = Object.fromEntries(listed.secrets.map((s) => [s.secretKey, s.secretValue]));
    expect(byKey).toEqual({
      DATABASE_URL: 'postgres://fake-user:fake-pass@localhost:5432/payments_dev',
      STRIPE_KEY: 'sk_test_fake_not_real_dev',
      PUBLIC_URL: 'https://dev.payments.example.test',
      CALLBACK_URL: '${PUBLIC_URL}/callback',
    });
    expect(listed.imports).toEqual([]);

    const one = await client.secrets().getSecret({ projectId: paymentsId, environment: 'dev', secretName: 'STRIPE_KEY' });
    expect(one.secretValue).toBe('sk_test_fake_not_real_dev');
    expect(one).toMatchObject({ secretKey: 'STRIPE_KEY', version: 1, type: 'shared', secretPath: '/', secretValueHidden: false });
    expect((one as unknown as { workspace: string }).workspace).toBe(paymentsId);
  });

  it('expands references (the SDK default), reads folders recursively and includes imports', async () => {
    const client = await signedIn();
    const expanded = await client.secrets().getSecret({ projectId: paymentsId, environment: 'dev', secretName: 'CALLBACK_URL' });
    expect(expanded.secretValue).toBe('https://dev.payments.example.test/callback');

    const recursive = await client.secrets().listSecrets({ projectId: paymentsId, environment: 'dev', recursive: true });
    expect(recursive.secrets.find((s) => s.secretKey === 'API_TOKEN')).toMatchObject({ secretPath: '/api', secretValue: 'fake-api-token-dev' });

    const withImports = await client.secrets().listSecretsWithImports({ projectId: paymentsId, environment: 'dev' });
    expect(withImports.find((s) => s.secretKey === 'SENTRY_DSN')?.secretValue).toBe('https://fake-dsn@sentry.example.test/1');

    const folders = await client.folders().listFolders({ projectId: paymentsId, environment: 'dev', path: '/' });
    expect(folders.map((f) => f.name).sort()).toEqual(['api', 'shared']);
  });

  it('creates, updates and deletes a secret, and renews its token', async () => {
    const client = await signedIn();
    const env = { projectId: paymentsId, environment: 'staging' };
    await client.secrets().createSecret('SDK_MADE', { ...env, secretValue: 'fake-value-1' });
    const updated = await client.secrets().updateSecret('SDK_MADE', { ...env, secretValue: 'fake-value-2' });
    expect(updated.secret).toMatchObject({ secretKey: 'SDK_MADE', secretValue: 'fake-value-2', version: 2 });
    expect((await client.secrets().getSecret({ ...env, secretName: 'SDK_MADE', version: 1 })).secretValue).toBe('fake-value-1');
    await client.secrets().deleteSecret('SDK_MADE', env);
    await expect(client.secrets().getSecret({ ...env, secretName: 'SDK_MADE' })).rejects.toThrow(/404.*Secret with name 'SDK_MADE' not found/);

    const before = client.auth().getAccessToken();
    sim.advance(2_000); // a JWT signed in the same second with the same claims is the same string
    const renewed = await client.auth().universalAuth.renew();
    expect(renewed.auth().getAccessToken()).not.toBe(before);
    expect((await renewed.secrets().listSecrets({ ...env })).secrets.length).toBeGreaterThan(0);
  });

  it('surfaces the server message for bad credentials, 403 and 422 the way the SDK does', async () => {
    await expect(signedIn({ clientId: SAMPLE.identities.devReader.clientId, clientSecret: 'wrong-fake-secret' })).rejects.toThrow(
      /\[StatusCode=401\] Invalid credentials/,
    );
    const reader = await signedIn(SAMPLE.identities.devReader);
    expect((await reader.secrets().listSecrets({ projectId: paymentsId, environment: 'dev' })).secrets.length).toBe(4);
    await expect(reader.secrets().listSecrets({ projectId: paymentsId, environment: 'prod' })).rejects.toThrow(
      /\[StatusCode=403\] You are not allowed to read on secrets/,
    );
    const res = await fetch(`${sim.url}/api/v3/secrets/raw?workspaceId=${paymentsId}&environment=dev&recursive=1`, {
      headers: { Authorization: `Bearer ${reader.auth().getAccessToken()}` },
    });
    const body = (await res.json()) as { reqId: string; statusCode: number; error: string; message: Array<{ code: string; path: string[] }> };
    expect(res.status).toBe(422);
    expect(body.reqId).toMatch(/^req-[A-Za-z0-9]{14}$/);
    expect(body).toMatchObject({ statusCode: 422, error: 'ValidationFailure', message: [{ code: 'invalid_enum_value', path: ['recursive'] }] });
  });

  it('serves the project, environment and KMS routes the SDK calls', async () => {
    const client = await signedIn();
    const project = await client.projects().create({ projectName: 'SDK Made', type: 'secret-manager', slug: 'sdk-made' });
    expect(project).toMatchObject({ name: 'SDK Made', slug: 'sdk-made' });
    const env = await client.environments().create({ projectId: project.id, name: 'QA', slug: 'qa' });
    expect(env).toMatchObject({ slug: 'qa', projectId: project.id });
    const folder = await client.folders().create({ projectId: project.id, environment: 'qa', name: 'svc', path: '/' });
    expect(folder.name).toBe('svc');

    const key = await client.kms().keys().create({ projectId: project.id, name: 'k1', keyUsage: 'encrypt-decrypt' as never, encryptionAlgorithm: 'aes-256-gcm' as never });
    const plaintext = Buffer.from('fake plaintext').toString('base64');
    const ciphertext = await client.kms().encryption().encrypt({ keyId: key.id, plaintext });
    expect(await client.kms().encryption().decrypt({ keyId: key.id, ciphertext })).toBe(plaintext);
    expect((await client.kms().keys().getByName({ projectId: project.id, name: 'k1' })).id).toBe(key.id);
  });
});
