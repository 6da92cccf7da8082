import { findConfig, findProject, type SimConfig, type SimProject, type SimState, type SimToken } from './model';

/** A refusal the server turns into `{"messages":[…],"success":false}` with this status. */
export class SimError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/**
 * Error texts. Only "Invalid Auth token" (401) is confirmed verbatim; the rest are UNVERIFIED stand-ins in the
 * confirmed `{messages, success:false}` shape, overridable through the simulator options.
 */
export const DEFAULT_MESSAGES = {
  invalidToken: 'Invalid Auth token',
  forbidden: 'You do not have access to perform this action',
  serviceTokenScope: 'This token does not have access to the requested config',
  projectNotFound: 'Could not find requested project',
  configNotFound: 'Could not find requested config',
  environmentNotFound: 'Could not find requested environment',
  secretNotFound: 'Could not find requested secret',
  tokenNotFound: 'Could not find requested token',
  missingParam: (name: string) => `Missing required parameter: ${name}`,
  badFormat: 'Invalid format specified',
  badTransformer: 'Invalid name transformer specified',
  rateLimited: 'Rate limit exceeded, please wait before retrying',
  notFound: 'Not found',
};
export type SimMessages = typeof DEFAULT_MESSAGES;

/** `Authorization: Bearer <token>`, or Basic with the token as user name and an empty password. */
export function tokenFromHeader(header: string | undefined): string | null {
  if (!header) return null;
  const [scheme, value = ''] = header.trim().split(/\s+/, 2);
  if (/^bearer$/i.test(scheme ?? '')) return value || null;
  if (/^basic$/i.test(scheme ?? '')) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const user = decoded.includes(':') ? decoded.slice(0, decoded.indexOf(':')) : decoded;
    return user || null;
  }
  return null;
}

export function authenticate(state: SimState, header: string | undefined, messages: SimMessages, now = Date.now()): SimToken {
  const key = tokenFromHeader(header);
  const token = key === null ? undefined : state.tokens.find((t) => t.key === key);
  if (!token || token.revoked || (token.expiresAt !== null && Date.parse(token.expiresAt) <= now)) throw new SimError(401, messages.invalidToken);
  token.lastSeenAt = new Date(now).toISOString();
  return token;
}

export function canSeeProject(token: SimToken, project: SimProject): boolean {
  if (token.kind === 'service') return token.scope?.project === project.slug;
  if (token.access === 'all') return true;
  return token.access?.[project.slug] !== undefined;
}

export function canReadConfig(token: SimToken, project: SimProject, config: SimConfig): boolean {
  if (token.kind === 'service') return token.scope?.project === project.slug && token.scope.config === config.name;
  if (token.access === 'all') return true;
  const allowed = token.access?.[project.slug];
  return allowed === '*' || (Array.isArray(allowed) && allowed.includes(config.environment));
}

export function canWriteConfig(token: SimToken, project: SimProject, config: SimConfig): boolean {
  if (token.kind === 'service') return canReadConfig(token, project, config) && token.scope?.access === 'read/write';
  return canReadConfig(token, project, config);
}

export interface Params {
  get(name: string): string | undefined;
}

export interface ScopeOptions {
  /** UNVERIFIED: what a service token's explicit project/config params do. */
  serviceTokenParams: 'ignore' | 'must-match';
  messages: SimMessages;
}

/** Resolves the project and config a request is about, enforcing the token's reach. */
export function resolveConfig(state: SimState, token: SimToken, params: Params, opts: ScopeOptions): { project: SimProject; config: SimConfig } {
  let projectName = params.get('project') || undefined;
  let configName = params.get('config') || undefined;
  if (token.kind === 'service' && token.scope) {
    const mismatch = (projectName !== undefined && projectName !== token.scope.project) || (configName !== undefined && configName !== token.scope.config);
    if (mismatch && opts.serviceTokenParams === 'must-match') throw new SimError(403, opts.messages.serviceTokenScope);
    projectName = token.scope.project;
    configName = token.scope.config;
  }
  if (!projectName) throw new SimError(400, opts.messages.missingParam('project'));
  if (!configName) throw new SimError(400, opts.messages.missingParam('config'));
  const project = findProject(state, projectName);
  if (!project || !canSeeProject(token, project)) throw new SimError(404, opts.messages.projectNotFound);
  const config = findConfig(project, configName);
  if (!config) throw new SimError(404, opts.messages.configNotFound);
  if (!canReadConfig(token, project, config)) throw new SimError(403, opts.messages.forbidden);
  return { project, config };
}

export function resolveProject(state: SimState, token: SimToken, params: Params, messages: SimMessages): SimProject {
  const name = params.get('project') || (token.kind === 'service' ? token.scope?.project : undefined);
  if (!name) throw new SimError(400, messages.missingParam('project'));
  const project = findProject(state, name);
  if (!project || !canSeeProject(token, project)) throw new SimError(404, messages.projectNotFound);
  return project;
}

/** Token management and workplace settings need a person or a service account, never a service token. */
export function requirePrincipal(token: SimToken, messages: SimMessages): void {
  if (token.kind === 'service') throw new SimError(403, messages.forbidden);
}
