import type { BackendKind } from '../../../shared/backends';

export type SignInMethod = 'token' | 'userpass' | 'oidc' | 'universal' | 'user' | 'password' | 'chain' | 'keys';

/**
 * The ways a person can sign in to a backend configured with `authMethod`, first the configured one. An
 * Infisical user may sign in through the browser or with email and password (both are their own session).
 */
export function signInMethods(kind: BackendKind | null, authMethod: string | null): SignInMethod[] {
  if (kind === 'infisical' && (authMethod === 'user' || authMethod === 'password')) return authMethod === 'user' ? ['user', 'password'] : ['password', 'user'];
  // AWS: the credential chain (an AWS CLI profile or SSO session) or an access key pair, either way.
  if (kind === 'aws') return authMethod === 'keys' ? ['keys', 'chain'] : ['chain', 'keys'];
  const known: SignInMethod[] = ['token', 'userpass', 'oidc', 'universal', 'user', 'password'];
  return known.includes(authMethod as SignInMethod) ? [authMethod as SignInMethod] : ['token'];
}

export const METHOD_LABELS: Record<SignInMethod, string> = {
  token: 'Token',
  userpass: 'Username and password',
  oidc: 'Browser (OIDC)',
  universal: 'Machine identity',
  user: 'In the browser',
  password: 'Email and password',
  chain: 'My AWS credentials',
  keys: 'Access key',
};

/** Methods that open the system browser: the form is one button, and the wait is for the person's browser. */
export const BROWSER_METHODS: ReadonlySet<SignInMethod> = new Set(['oidc', 'user']);

/** What the token is called where it comes from, so a new hire knows which one to paste. */
export function tokenLabel(kind: BackendKind | null): string {
  if (kind === 'doppler') return 'Doppler token (personal or service account)';
  if (kind === 'infisical') return 'Infisical access token';
  return 'Vault token';
}
