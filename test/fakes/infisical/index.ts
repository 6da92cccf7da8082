import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_OPTIONS, type SimOptions } from './options';
import { accessPolicyRoutes } from './routes/access-policies';
import { accessRequestRoutes } from './routes/access-requests';
import { authRoutes } from './routes/auth';
import { dynamicSecretRoutes } from './routes/dynamic-secrets';
import { folderRoutes } from './routes/folders';
import { kmsRoutes } from './routes/kms';
import { membershipRoutes } from './routes/memberships';
import { privilegeRoutes } from './routes/privileges';
import { projectRoutes } from './routes/projects';
import { secretReadRoutes } from './routes/secrets-read';
import { secretWriteRoutes } from './routes/secrets-write';
import { statusRoutes } from './routes/status';
import { userAuthRoutes } from './routes/user-auth';
import { webLoginRoutes } from './routes/web-login';
import { seedSample } from './seed';
import { createPipeline, type Fault, type RequestLog } from './server';
import { SimState } from './state';
import { issueUserToken } from './user-tokens';

export { SAMPLE } from './seed';
export type { SimOptions } from './options';

export interface InfisicalSimulator {
  /** `http://127.0.0.1:<port>` — the SDK's `siteUrl` and the adapter's `url`. */
  url: string;
  state: SimState;
  /** Every request seen (count + method/path/status log). */
  requests: RequestLog;
  options: SimOptions;
  /** The next `count` matching requests fail with `status` (429 carries `retry-after`). */
  failNext(fault: Partial<Fault> & { status: number }): void;
  /** Moves the simulator's clock (token TTLs, temporary access). */
  advance(ms: number): void;
  /**
   * A user session JWT scoped to an organization (default: the user's first), as sign-in + select-organization
   * would give (access-approval routes accept only these). Tests that exercise sign-in itself use the real routes.
   */
  userToken(email: string, orgId?: string): string;
  close(): Promise<void>;
}

export interface StartOptions {
  /** `sample` (default): the fake Acme team in seed.ts; `empty`; or a function that fills the state. */
  seed?: 'sample' | 'empty' | ((state: SimState) => void);
  port?: number;
  options?: Partial<SimOptions>;
}

export async function startInfisicalSimulator(start: StartOptions = {}): Promise<InfisicalSimulator> {
  let offset = 0;
  const state = new SimState(() => Date.now() + offset);
  const seed = start.seed ?? 'sample';
  if (seed === 'sample') seedSample(state);
  else if (typeof seed === 'function') seed(state);
  const options: SimOptions = { ...DEFAULT_OPTIONS, ...start.options };
  const jwtSecret = randomBytes(32).toString('hex');
  const pipeline = createPipeline(state, options, jwtSecret, [
    ...statusRoutes,
    ...authRoutes,
    ...projectRoutes,
    ...membershipRoutes,
    ...secretReadRoutes,
    ...secretWriteRoutes,
    ...folderRoutes,
    ...userAuthRoutes,
    ...webLoginRoutes,
    ...accessPolicyRoutes,
    ...accessRequestRoutes,
    ...privilegeRoutes,
    ...kmsRoutes,
    ...dynamicSecretRoutes,
  ]);
  const server = createServer((req, res) => pipeline.handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(start.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    state,
    requests: pipeline.requests,
    options,
    failNext: (fault) => pipeline.faults.push({ count: 1, ...fault }),
    advance: (ms) => {
      offset += ms;
    },
    userToken(email, orgId) {
      const user = state.users.find((u) => u.email === email);
      if (!user) throw new Error(`simulator has no user ${email}`);
      return issueUserToken(state, options, jwtSecret, user, orgId ?? user.orgIds[0], `test-helper-${Math.random()}`);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
