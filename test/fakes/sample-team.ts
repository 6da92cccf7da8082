import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { FAKE_AWS_CREDENTIALS, startMoto, type MotoServer } from '../setup/moto-server';
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

/** What the moto server (AWS Secrets Manager) holds in the sample team: secrets `<prefix><project>/<env>`. */
export const AWS_SAMPLE = {
  prefix: 'acme/',
  secrets: {
    'payments/dev': { API_KEY: 'fake-api-key-dev-not-real', DATABASE_URL: 'postgres://fake-user:fake-pass@localhost:5432/payments_dev' },
    'payments/prod': { API_KEY: 'fake-api-key-prod-not-real' },
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
  /**
   * A real moto server (AWS), IAM not enforced: any key pair signs, these fake ones included. Null when
   * moto is not installed (`node test/setup/host.mjs` installs it).
   */
  aws: { url: string; region: string; accessKeyId: string; secretAccessKey: string; prefix: string; secrets: string[] } | null;
}

export interface SampleTeam {
  info: SampleTeamInfo;
  infisical: InfisicalSimulator;
  doppler: DopplerSimulator;
  openbao: OpenBaoServer | null;
  moto: MotoServer | null;
  stop(): Promise<void>;
}

function installed(tool: 'bao' | 'moto_server'): boolean {
  try {
    toolPath(tool);
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts the Infisical and Doppler simulators (and a real OpenBao dev server and a real moto server when
 * installed and not turned off) on free loopback ports, each seeded with the sample team. Whatever started
 * is stopped again if a later start fails.
 */
export async function startSampleTeam(options: { openbao?: boolean; moto?: boolean } = {}): Promise<SampleTeam> {
  const started: Array<{ close(): Promise<void> }> = [];
  try {
    const infisical = await startInfisicalSimulator({ seed: 'sample' });
    started.push(infisical);
    const doppler = await startDopplerSimulator();
    started.push(doppler);
    let openbao: OpenBaoServer | null = null;
    if (options.openbao !== false && installed('bao')) {
      openbao = await startOpenBao();
      started.push({ close: openbao.stop });
      await seedOpenBao(openbao);
    }
    let moto: MotoServer | null = null;
    if (options.moto !== false && installed('moto_server')) {
      moto = await startMoto();
      started.push({ close: moto.stop });
      await seedMoto(moto);
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
      aws: moto && {
        url: moto.endpoint,
        region: moto.region,
        ...FAKE_AWS_CREDENTIALS,
        prefix: AWS_SAMPLE.prefix,
        secrets: Object.keys(AWS_SAMPLE.secrets).map((name) => `${AWS_SAMPLE.prefix}${name}`),
      },
    };
    return {
      info,
      infisical,
      doppler,
      openbao,
      moto,
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

async function seedMoto(moto: MotoServer): Promise<void> {
  const client = new SecretsManagerClient({ region: moto.region, endpoint: moto.endpoint, credentials: FAKE_AWS_CREDENTIALS });
  try {
    for (const [name, values] of Object.entries(AWS_SAMPLE.secrets)) {
      await client.send(new CreateSecretCommand({ Name: `${AWS_SAMPLE.prefix}${name}`, SecretString: JSON.stringify(values) }));
    }
  } finally {
    client.destroy();
  }
}
