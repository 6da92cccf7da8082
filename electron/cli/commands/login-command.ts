import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import type { BackendConfig, BackendKind } from '../../../shared/backends';
import { AppError } from '../../../shared/errors';
import type { Credentials } from '../../backends/types';
import { signIn } from '../../catalog/audited-actions';
import type { CliContext } from '../context';
import { printJson } from '../output';
import { readAll, readSecret } from '../prompt';

interface LoginOptions {
  username?: string;
  clientId?: string;
  tokenStdin?: boolean;
  passwordStdin?: boolean;
  clientSecretStdin?: boolean;
  accessKeyId?: string;
  secretAccessKeyStdin?: boolean;
  json?: boolean;
}

type Method = Credentials['method'];

/** What each kind's adapter accepts in login(), and the flags that sign in that way (for hints). */
const methodsOf: Record<BackendKind, Partial<Record<Method, string>>> = {
  vault: { token: '--token-stdin', userpass: '--username <user> --password-stdin', oidc: '(no flag: opens the browser)' },
  infisical: { universal: '--client-id <id> --client-secret-stdin', token: '--token-stdin' },
  doppler: { token: '--token-stdin' },
  aws: { chain: '(no flag: the AWS credential chain, e.g. after aws sso login)', keys: '--access-key-id <id> --secret-access-key-stdin' },
};

export function registerLogin(program: Command, ctx: CliContext): void {
  program
    .command('login <backend>')
    .description('Sign in to a backend; the token goes to the keychain. Secrets come from stdin or a prompt, never from arguments')
    .option('--username <user>', 'Vault userpass: who to sign in as (default: the backend\'s configured username)')
    .option('--client-id <id>', 'Infisical universal auth: the machine identity\'s client id (not a secret)')
    .option('--token-stdin', 'read a token from stdin (Vault token, Infisical access token, Doppler personal/service-account token)')
    .option('--password-stdin', 'Vault userpass: read the password from stdin')
    .option('--client-secret-stdin', 'Infisical universal auth: read the client secret from stdin')
    .option('--access-key-id <id>', 'AWS: sign with this access key instead of the AWS credential chain (not a secret)')
    .option('--secret-access-key-stdin', 'AWS: read the secret access key from stdin')
    .option('--json', 'print the session (identity, policies, expiry) as JSON')
    .action(async (backend: string, opts: LoginOptions) => {
      if ([opts.tokenStdin, opts.passwordStdin, opts.clientSecretStdin, opts.secretAccessKeyStdin].filter(Boolean).length > 1) {
        throw new AppError('BAD_REQUEST', 'Stdin holds one secret: use only one of --token-stdin, --password-stdin, --client-secret-stdin, --secret-access-key-stdin.');
      }
      const services = await ctx.services();
      const config = await services.catalog.backends.get(backend);
      const method = methodFor(config, opts);
      const credentials = await credentialsFor(ctx, config, method, opts);
      if (method === 'oidc') ctx.io.stderr.write(`Opening your browser to sign in to ${backend}…\n`);
      const session = await signIn(services.catalog, backend, credentials);
      if (opts.json) return printJson(ctx.io, session);
      const expiry = session.expiresAt ? `, expires ${session.expiresAt}` : '';
      ctx.io.stdout.write(`Signed in to ${backend} as ${session.identity} (policies: ${session.policies.join(', ') || 'none'}${expiry}).\n`);
    });
}

/** The flags pick the method when they say one; otherwise the backend's configured auth method does. */
function methodFor(config: BackendConfig, opts: LoginOptions): Method {
  const asked: Method | null = opts.tokenStdin
    ? 'token'
    : opts.passwordStdin || opts.username
      ? 'userpass'
      : opts.clientSecretStdin || opts.clientId
        ? 'universal'
        : opts.secretAccessKeyStdin || opts.accessKeyId
          ? 'keys'
          : null;
  const method = asked ?? (config.auth.method as Method);
  const allowed = methodsOf[config.kind];
  if (allowed[method] === undefined) {
    const ways = Object.entries(allowed).map(([m, flags]) => `${m} ${flags}`).join('; ');
    throw new AppError('BAD_REQUEST', `${config.name} is ${config.kind === 'infisical' ? 'an' : 'a'} ${config.kind} backend; it cannot sign in with "${method}".`, `Sign in with one of: ${ways}.`);
  }
  return method;
}

async function credentialsFor(ctx: CliContext, config: BackendConfig, method: Method, opts: LoginOptions): Promise<Credentials> {
  const backend = config.name;
  const auth: { username?: string; role?: string } = config.kind === 'vault' ? config.auth : {};
  switch (method) {
    case 'token': {
      const label = config.kind === 'doppler' ? `Doppler token (personal or service account) for ${backend}` : `Token for ${backend}`;
      const token = (opts.tokenStdin ? await readAll(ctx.stdin) : await readSecret(ctx.stdin, ctx.io.stderr, label)).trim();
      if (!token) throw new AppError('BAD_REQUEST', `No token was given for ${backend}.`, 'Pipe it in with --token-stdin, or type it at the prompt.');
      return { method: 'token', token };
    }
    case 'userpass': {
      const username = opts.username ?? auth.username;
      if (!username) throw new AppError('BAD_REQUEST', `${backend} signs in with a username and password, but no username was given.`, 'Pass --username <user>.');
      const password = opts.passwordStdin
        ? (await readAll(ctx.stdin)).replace(/\r?\n$/, '')
        : await readSecret(ctx.stdin, ctx.io.stderr, `Password for ${username} on ${backend}`);
      if (!password) throw new AppError('BAD_REQUEST', `No password was given for ${username} on ${backend}.`, 'Pipe it in with --password-stdin, or type it at the prompt.');
      return { method: 'userpass', username, password };
    }
    case 'universal': {
      const clientId = (
        opts.clientId ?? (await askVisible(ctx, backend, { what: 'client id', label: `Client id of the machine identity for ${backend}`, signsInWith: 'a machine identity', flag: '--client-id <id>', secretFlag: '--client-secret-stdin' }))
      ).trim();
      const clientSecret = (
        opts.clientSecretStdin ? await readAll(ctx.stdin) : await readSecret(ctx.stdin, ctx.io.stderr, `Client secret for ${clientId} on ${backend}`)
      ).trim();
      if (!clientSecret) throw new AppError('BAD_REQUEST', `No client secret was given for ${backend}.`, 'Pipe it in with --client-secret-stdin, or type it at the prompt.');
      return { method: 'universal', clientId, clientSecret };
    }
    case 'oidc':
      return { method: 'oidc', ...(auth.role ? { role: auth.role } : {}) };
    case 'chain':
      return { method: 'chain' };
    case 'keys': {
      const accessKeyId = (opts.accessKeyId ?? (await askVisible(ctx, backend, { what: 'access key id', label: `Access key id for ${backend}`, signsInWith: 'an AWS access key pair', flag: '--access-key-id <id>', secretFlag: '--secret-access-key-stdin' }))).trim();
      const secretAccessKey = (
        opts.secretAccessKeyStdin ? await readAll(ctx.stdin) : await readSecret(ctx.stdin, ctx.io.stderr, `Secret access key for ${accessKeyId} on ${backend}`)
      ).trim();
      if (!secretAccessKey) throw new AppError('BAD_REQUEST', `No secret access key was given for ${backend}.`, 'Pipe it in with --secret-access-key-stdin, or type it at the prompt.');
      return { method: 'keys', accessKeyId, secretAccessKey };
    }
  }
}

/** A client id or access key id is not secret, so it is typed with echo; piped stdin is kept for the secret itself. */
async function askVisible(ctx: CliContext, backend: string, ask: { what: string; label: string; signsInWith: string; flag: string; secretFlag: string }): Promise<string> {
  if (!ctx.stdin.isTTY) {
    throw new AppError('BAD_REQUEST', `${backend} signs in with ${ask.signsInWith}, but no ${ask.what} was given.`, `Pass ${ask.flag} (stdin carries the secret: ${ask.secretFlag}).`);
  }
  const rl = createInterface({ input: ctx.stdin, output: ctx.io.stderr });
  try {
    const answer = await rl.question(`${ask.label}: `);
    if (!answer.trim()) throw new AppError('BAD_REQUEST', `No ${ask.what} was given for ${backend}.`, `Pass ${ask.flag}, or type it at the prompt.`);
    return answer;
  } finally {
    rl.close();
  }
}
