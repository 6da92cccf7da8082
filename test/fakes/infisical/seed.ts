import { addCustomRole, addIdentity, addMembership, addOrg, addProject, addSecret, addUser } from './builders';
import { fakeUuid, type SimState } from './state';

/** Credentials of the seeded identities and users, for tests. All obviously fake. */
export const SAMPLE = {
  identities: {
    /** Admin on every project. */
    admin: { clientId: 'fake-client-id-admin-bot', clientSecret: 'fake-client-secret-admin-bot-not-real' },
    /** payments: may read `dev` only (custom role `dev-reader`); not `staging` or `prod`. */
    devReader: { clientId: 'fake-client-id-dev-reader', clientSecret: 'fake-client-secret-dev-reader-not-real' },
    /** Member of no project at all. */
    outsider: { clientId: 'fake-client-id-outsider', clientSecret: 'fake-client-secret-outsider-not-real' },
  },
  /** People who sign in (email + password, or the browser). Passwords are fake and open only the simulator. */
  users: {
    /** Admin of every project; approver of the payments/prod policy; member of two organizations. */
    lead: { email: 'lead@acme.example.test', password: 'fake-password-lead-not-real' },
    /** payments: reads `dev` only (custom role `dev-reader`); may request `prod`. */
    dev: { email: 'dev@acme.example.test', password: 'fake-password-dev-not-real' },
    /** payments viewer; a second possible approver. */
    ops: { email: 'ops@acme.example.test', password: 'fake-password-ops-not-real' },
    /** In the organization, in no project. */
    outsider: { email: 'outsider@acme.example.test', password: 'fake-password-outsider-not-real' },
    /** Email MFA on: select-organization answers `isMfaEnabled: true`. */
    mfa: { email: 'mfa@acme.example.test', password: 'fake-password-mfa-not-real' },
    /** Never migrated off SRP: `/api/v3/auth/login` answers 400 LegacyEncryptionScheme. */
    legacy: { email: 'legacy@acme.example.test', password: 'fake-password-legacy-not-real' },
  },
  orgs: { acme: 'Acme (fake)', side: 'Side Project (fake)' },
  projects: { payments: 'payments', web: 'web-app' },
} as const;

/** The sample team "Acme (fake)": two projects, dev/staging/prod, folders, an import, references. */
export function seedSample(state: SimState): void {
  const payments = addProject(state, { name: 'Payments', slug: SAMPLE.projects.payments });
  const web = addProject(state, { name: 'Web App', slug: SAMPLE.projects.web, envs: [['Development', 'dev'], ['Production', 'prod']] });

  const p = payments.id;
  addSecret(state, { projectId: p, env: 'dev', key: 'DATABASE_URL', value: 'postgres://fake-user:fake-pass@localhost:5432/payments_dev', comment: 'local db' });
  addSecret(state, { projectId: p, env: 'dev', key: 'STRIPE_KEY', value: 'sk_test_fake_not_real_dev', tags: ['billing'] });
  addSecret(state, { projectId: p, env: 'dev', key: 'PUBLIC_URL', value: 'https://dev.payments.example.test' });
  addSecret(state, { projectId: p, env: 'dev', key: 'CALLBACK_URL', value: '${PUBLIC_URL}/callback' });
  addSecret(state, { projectId: p, env: 'dev', path: '/api', key: 'API_TOKEN', value: 'fake-api-token-dev', metadata: { owner: 'team-a' } });
  addSecret(state, { projectId: p, env: 'dev', path: '/shared', key: 'SENTRY_DSN', value: 'https://fake-dsn@sentry.example.test/1' });
  addSecret(state, { projectId: p, env: 'staging', key: 'DATABASE_URL', value: 'postgres://fake-user:fake-pass@staging-db.example.test:5432/payments' });
  addSecret(state, { projectId: p, env: 'staging', key: 'STRIPE_KEY', value: 'sk_test_fake_not_real_staging' });
  addSecret(state, { projectId: p, env: 'prod', key: 'DATABASE_URL', value: 'postgres://fake-user:fake-pass@prod-db.example.test:5432/payments' });
  addSecret(state, { projectId: p, env: 'prod', key: 'STRIPE_KEY', value: 'sk_live_fake_not_real_prod' });
  addSecret(state, { projectId: p, env: 'prod', key: 'DEV_DB_COPY', value: '${dev.DATABASE_URL}' });
  // dev `/` imports dev `/shared` (Infisical "secret imports").
  state.imports.push({ id: fakeUuid('import:payments:dev'), projectId: p, envSlug: 'dev', path: '/', fromEnv: 'dev', fromPath: '/shared' });

  addSecret(state, { projectId: web.id, env: 'dev', key: 'NEXT_PUBLIC_API', value: 'https://dev.api.example.test' });
  addSecret(state, { projectId: web.id, env: 'prod', key: 'NEXT_PUBLIC_API', value: 'https://api.example.test' });

  const admin = addIdentity(state, { name: 'admin-bot', ...SAMPLE.identities.admin, orgAdmin: true, accessTokenMaxTTL: 5_184_000 });
  const devReader = addIdentity(state, { name: 'dev-reader', ...SAMPLE.identities.devReader, accessTokenTTL: 3600, accessTokenMaxTTL: 86_400 });
  addIdentity(state, { name: 'outsider', ...SAMPLE.identities.outsider });
  addCustomRole(state, p, 'dev-reader', 'Dev reader', [{ env: 'dev', actions: ['read'] }]);
  for (const project of [payments, web]) addMembership(state, project.id, { id: admin.id, type: 'identity' }, ['admin']);
  addMembership(state, p, { id: devReader.id, type: 'identity' }, ['dev-reader']);

  const acme = addOrg(state, { name: SAMPLE.orgs.acme, slug: 'acme' });
  const side = addOrg(state, { name: SAMPLE.orgs.side, slug: 'side-project' });
  const u = SAMPLE.users;
  const lead = addUser(state, { ...u.lead, firstName: 'Lee', lastName: 'Lead', orgAdmin: true, orgIds: [acme.id, side.id] });
  const dev = addUser(state, { ...u.dev, firstName: 'Dana', lastName: 'Dev' });
  const ops = addUser(state, { ...u.ops, firstName: 'Oli', lastName: 'Ops' });
  addUser(state, { ...u.outsider, firstName: 'Otto', lastName: 'Outside' });
  addUser(state, { ...u.mfa, firstName: 'Mia', lastName: 'Factor', mfa: true });
  addUser(state, { ...u.legacy, firstName: 'Leo', lastName: 'Gacy', legacySrp: true });
  for (const project of [payments, web]) addMembership(state, project.id, { id: lead.id, type: 'user' }, ['admin']);
  addMembership(state, p, { id: dev.id, type: 'user' }, ['dev-reader']);
  addMembership(state, p, { id: ops.id, type: 'user' }, ['viewer']);
  const at = state.iso();
  state.policies.push({
    id: fakeUuid('policy:payments:prod'), name: 'prod-access', projectId: p, envSlugs: ['prod'], secretPath: '/', approvals: 1,
    approvers: [{ type: 'user', id: lead.id, sequence: 1 }], approvalsRequired: [], bypasserUserIds: [], enforcementLevel: 'hard',
    allowedSelfApprovals: false, maxTimePeriod: '1d', requestExpirationTime: '1d', deletedAt: null, createdAt: at, updatedAt: at,
  });
}
