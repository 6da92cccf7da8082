import { fakeToken, type DopplerSeed } from './model';

/** Tokens of the sample team. All fake: they only open the simulator. */
export const SAMPLE_TOKENS = {
  /** Alice, workplace admin: every project and config. */
  admin: fakeToken('dp.pt.', 'aliceadmin'),
  /** Bob, developer: backend dev configs only (dev and dev_personal), nothing in payments or web. */
  developer: fakeToken('dp.pt.', 'bobdeveloper'),
  /** CI service account: payments, all environments. */
  serviceAccount: fakeToken('dp.sa.', 'cirobot'),
  /** Service token bound to backend/dev (read). */
  backendDev: fakeToken('dp.st.dev.', 'backenddevreader'),
} as const;

/** A small team: three projects, references inside and across configs, one branch config. */
export const sampleTeam: DopplerSeed = {
  workplace: { name: 'Fake Rocket Inc' },
  projects: [
    {
      slug: 'backend',
      name: 'Backend',
      description: 'API server (fake).',
      branchConfigs: ['dev_personal'],
      secrets: {
        dev: {
          DB_USER: 'app',
          DB_PASSWORD: 'fake-db-password-not-real',
          DATABASE_URL: 'postgres://${DB_USER}:${DB_PASSWORD}@db.dev.invalid:5432/app',
          API_KEY: 'fake-api-key-dev-not-real',
          FEATURE_FLAGS: '{"beta":true}',
        },
        dev_personal: { DB_USER: 'bob', API_KEY: '${dev.API_KEY}' },
        stg: { DB_USER: 'app', API_KEY: 'fake-api-key-stg-not-real', SHARED_PUBLIC: '${web.prd.PUBLIC_URL}' },
        prd: { DB_USER: 'app', API_KEY: 'fake-api-key-prd-not-real' },
      },
    },
    {
      slug: 'payments',
      name: 'Payments',
      description: 'Billing (fake).',
      secrets: {
        dev: { STRIPE_KEY: 'sk_test_fake_not_real', WEBHOOK_SECRET: 'whsec_fake_not_real' },
        stg: { STRIPE_KEY: 'sk_test_fake_stg_not_real' },
        prd: { STRIPE_KEY: 'sk_live_fake_not_real', MULTILINE: 'line one\nline "two"' },
      },
    },
    {
      slug: 'web',
      name: 'Web',
      secrets: { dev: { PUBLIC_URL: 'http://localhost:3000' }, prd: { PUBLIC_URL: 'https://www.example.invalid' } },
    },
  ],
  tokens: [
    { kind: 'personal', key: SAMPLE_TOKENS.admin, name: 'alice@example.invalid', access: 'all' },
    { kind: 'personal', key: SAMPLE_TOKENS.developer, name: 'bob@example.invalid', access: { backend: ['dev'] } },
    { kind: 'service_account', key: SAMPLE_TOKENS.serviceAccount, name: 'ci-robot', access: { payments: '*' } },
    { kind: 'service', key: SAMPLE_TOKENS.backendDev, name: 'backend dev reader', project: 'backend', config: 'dev' },
  ],
};
