import { startOpenBao, type OpenBaoServer } from '../setup/openbao-server';
import { toolPath } from '../setup/tools';
import { SAMPLE_TOKENS, startDopplerSimulator, type DopplerSimulator } from './doppler';
import { SAMPLE, startInfisicalSimulator, type InfisicalSimulator } from './infisical';

/** What OpenBao holds in the sample team: KV v2 `secret/` (the dev server's own mount), all fake values. */
export const OPENBAO_SAMPLE = {
  kvMount: 'secret',
  secrets: {
    'payments/dev': { API_KEY: 'fake-api-key-dev-not-real', DATABASE_URL: 'postgres://fake-user:fake-pass@localhost:5432/payments_dev' },
    'payments/staging': { API_KEY: 'fake-api-key-staging-not-real' },
  } as Record<string, Record<string, string>>,
};

/**
 * The one line `npm run simulators` prints, and what tests, the bench and demos read. Every credential in it
 * is fake and opens only these throwaway loopback servers.
 */
export interface SampleTeamInfo {
  infisical: {
    url: string;
    /** Machine identity that is admin on every project (universal auth). */
    clientId: string;
    clientSecret: string;
    /** Machine identity that may read `payments/dev` only. */
    limited: { clientId: string; clientSecret: string };
    /** Project slug holding dev/staging/prod; `projects` lists every seeded project slug. */
    project: string;
    projects: string[];
    /** People (email + password, or the browser): `lead` approves payments/prod, `dev` may request it. */
    users: { lead: { email: string; password: string }; dev: { email: string; password: string } };
  };
  doppler: {
    url: string;
    /** Alice, workplace admin (`dp.pt.`): every project and config. */
    personalToken: string;
    /** Bob (`dp.pt.`): `backend` dev configs only. */
    developerToken: string;
    /** Service-account token (`dp.sa.`): every config of `payments`. */
    serviceAccountToken: string;
    /** Service token (`dp.st.`) bound to `backend/dev`. */
    serviceToken: string;
    projects: string[];
  };
  /** Null when the `bao` binary is not installed (`node test/setup/host.mjs` installs it into .tools/bin). */
  openbao: { url: string; rootToken: string; kvMount: string; paths: string[] } | null;
}

export interface SampleTeam {
  info: SampleTeamInfo;
  infisical: InfisicalSimulator;
  doppler: DopplerSimulator;
  openbao: OpenBaoServer | null;
  stop(): Promise<void>;
}

function baoInstalled(): boolean {
  try {
    toolPath('bao');
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts the Infisical and Doppler simulators (and a real OpenBao dev server when `bao` is installed and
 * `openbao` is not false) on free loopback ports, each seeded with the sample team. Whatever started is
 * stopped again if a later start fails.
 */
export async function startSampleTeam(options: { openbao?: boolean } = {}): Promise<SampleTeam> {
  const started: Array<{ close(): Promise<void> }> = [];
  try {
    const infisical = await startInfisicalSimulator({ seed: 'sample' });
    started.push(infisical);
    const doppler = await startDopplerSimulator();
    started.push(doppler);
    let openbao: OpenBaoServer | null = null;
    if (options.openbao !== false && baoInstalled()) {
      openbao = await startOpenBao();
      started.push({ close: openbao.stop });
      await seedOpenBao(openbao);
    }
    const info: SampleTeamInfo = {
      infisical: {
        url: infisical.url,
        clientId: SAMPLE.identities.admin.clientId,
        clientSecret: SAMPLE.identities.admin.clientSecret,
        limited: { ...SAMPLE.identities.devReader },
        project: SAMPLE.projects.payments,
        projects: Object.values(SAMPLE.projects),
        users: { lead: { ...SAMPLE.users.lead }, dev: { ...SAMPLE.users.dev } },
      },
      doppler: {
        url: doppler.url,
        personalToken: SAMPLE_TOKENS.admin,
        developerToken: SAMPLE_TOKENS.developer,
        serviceAccountToken: SAMPLE_TOKENS.serviceAccount,
        serviceToken: SAMPLE_TOKENS.backendDev,
        projects: doppler.state.projects.map((p) => p.slug),
      },
      openbao: openbao && { url: openbao.address, rootToken: openbao.token, kvMount: OPENBAO_SAMPLE.kvMount, paths: Object.keys(OPENBAO_SAMPLE.secrets) },
    };
    return {
      info,
      infisical,
      doppler,
      openbao,
      stop: () => closeAll(started),
    };
  } catch (error) {
    await closeAll(started);
    throw error;
  }
}

async function closeAll(servers: Array<{ close(): Promise<void> }>): Promise<void> {
  await Promise.allSettled(servers.splice(0).reverse().map((s) => s.close()));
}

async function seedOpenBao(bao: OpenBaoServer): Promise<void> {
  for (const [path, data] of Object.entries(OPENBAO_SAMPLE.secrets)) {
    const res = await fetch(`${bao.address}/v1/${OPENBAO_SAMPLE.kvMount}/data/${path}`, {
      method: 'POST',
      headers: { 'X-Vault-Token': bao.token, 'Content-Type': 'application/json' },
      body: JSON.stringify({ data }),
    });
    if (!res.ok) throw new Error(`seeding OpenBao ${OPENBAO_SAMPLE.kvMount}/${path}: HTTP ${res.status}`);
  }
}
