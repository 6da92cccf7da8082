import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import type { BackendConfig, BackendKind } from '../../../shared/backends';
import { AppError } from '../../../shared/errors';
import { openSystemBrowser } from '../../backends/open-browser';
import type { Credentials } from '../../backends/types';
import type { CliContext } from '../context';
import { printJson } from '../output';
import { readAll, readSecret } from '../prompt';

interface LoginOptions {
  username?: string;
  clientId?: string;
  user?: boolean;
  email?: string;
  organization?: string;
  /** `--no-browser` sets it false: print the sign-in address only (SSH sessions, headless machines). */
  browser?: boolean;
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
  infisical: { universal: '--client-id <id> --client-secret-stdin', token: '--token-stdin', user: '--user', password: '--email <email> --password-stdin' },
  doppler: { token: '--token-stdin' },
  aws: { chain: '(no flag: the AWS credential chain, e.g. after aws sso login)', keys: '--access-key-id <id> --secret-access-key-stdin' },
};

export function registerLogin(program: Command, ctx: CliContext): void {
  program
    .command('login <backend>')
    .description('Sign in to a backend; the token goes to the keychain. Secrets come from stdin or a prompt, never from arguments')
    .option('--username <user>', 'Vault userpass: who to sign in as (default: the backend\'s configured username)')
    .option('--client-id <id>', 'Infisical universal auth: the machine identity\'s client id (not a secret)')
    .option('--user', 'Infisical: sign in as yourself in the browser, as `infisical login` does (with --token-stdin: the token the page shows)')
    .option('--email <email>', 'Infisical: sign in as yourself with email and password (the password from stdin or a prompt)')
    .option('--organization <slug>', 'Infisical: the organization to sign in to, when your account has several (slug or id)')
    .option('--no-browser', 'print the sign-in address instead of opening a browser')
    .option('--token-stdin', 'read a token from stdin (Vault token, Infisical access token, Doppler personal/service-account token)')
    .option('--password-stdin', 'read the password from stdin (Vault userpass, Infisical email sign-in)')
    .option('--client-secret-stdin', 'Infisical universal auth: read the client secret from stdin')
    .option('--access-key-id <id>', 'AWS: sign with this access key instead of the AWS credential chain (not a secret)')
    .option('--secret-access-key-stdin', 'AWS: read the secret access key from stdin')
    .option('--json', 'print the session (identity, policies, expiry) as JSON')
    .action(async (backend: string, opts: LoginOptions) => {
      if ([opts.tokenStdin, opts.passwordStdin, opts.clientSecretStdin, opts.secretAccessKeyStdin].filter(Boolean).length > 1) {
        throw new AppError('BAD_REQUEST', 'Stdin holds one secret: use only one of --token-stdin, --password-stdin, --client-secret-stdin, --secret-access-key-stdin.');
      }
      const services = await ctx.services();
      const config = await services.backends.get(backend);
      const method = methodFor(config, opts);
      const credentials = await credentialsFor(ctx, config, method, opts);
      if (method === 'oidc') ctx.io.stderr.write(`Opening your browser to sign in to ${backend}…\n`);
      const session = await services.setup.signIn(backend, credentials);
      if (opts.json) return printJson(ctx.io, session);
      const facts = [session.policies.length ? `policies: ${session.policies.join(', ')}` : '', session.expiresAt ? `expires ${session.expiresAt}` : ''].filter(Boolean);
      ctx.io.stdout.write(`Signed in to ${backend} as ${session.identity}${facts.length ? ` (${facts.join(', ')})` : ''}.\n`);
    });

  program
    .command('logout <backend>')
    .description('Sign out of a backend: ends the session at the server where it can, and deletes the saved sign-in')
    .option('--json', 'print the result as JSON')
    .action(async (backend: string, opts: { json?: boolean }) => {
      const result = await (await ctx.services()).setup.signOut(backend);
      if (opts.json) return printJson(ctx.io, result);
      ctx.io.stdout.write(result.signedOut ? `Signed out of ${backend}.\n` : `You were not signed in to ${backend}.\n`);
    });
}

/** The flags pick the method when they say one; otherwise the backend's configured auth method does. */
function methodFor(config: BackendConfig, opts: LoginOptions): Method {
  const asked: Method | null = opts.user
    ? 'user'
    : opts.username
      ? 'userpass'
      : opts.email || (opts.passwordStdin && config.kind === 'infisical')
        ? 'password'
        : opts.tokenStdin
          ? 'token'
          : opts.passwordStdin
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
    throw new AppError('BAD_REQUEST', `${config.name} is ${/^[aeiou]/.test(config.kind) ? 'an' : 'a'} ${config.kind} backend; it cannot sign in with "${method}".`, `Sign in with one of: ${ways}.`);
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
      const clientId = (opts.clientId ?? (await askVisible(ctx, backend, `Client id of the machine identity for ${backend}`, 'a machine identity', '--client-id <id>'))).trim();
      const clientSecret = (
        opts.clientSecretStdin ? await readAll(ctx.stdin) : await readSecret(ctx.stdin, ctx.io.stderr, `Client secret for ${clientId} on ${backend}`)
      ).trim();
      if (!clientSecret) throw new AppError('BAD_REQUEST', `No client secret was given for ${backend}.`, 'Pipe it in with --client-secret-stdin, or type it at the prompt.');
      return { method: 'universal', clientId, clientSecret };
    }
    case 'oidc':
      return { method: 'oidc', ...(auth.role ? { role: auth.role } : {}) };
    case 'user':
      // --token-stdin: the token the Infisical page shows when it cannot reach us (the CLI's paste fallback).
      if (opts.tokenStdin) return { method: 'user', pasted: await readAll(ctx.stdin) };
      return { method: 'user', openBrowser: (url) => showSignInPage(ctx, backend, url, opts.browser !== false) };
    case 'password': {
      const email = (opts.email ?? (await askVisible(ctx, backend, `Email for ${backend}`, 'an email and password', '--email <email>'))).trim();
      const password = opts.passwordStdin
        ? (await readAll(ctx.stdin)).replace(/\r?\n$/, '')
        : await readSecret(ctx.stdin, ctx.io.stderr, `Password for ${email} on ${backend}`);
      if (!password) throw new AppError('BAD_REQUEST', `No password was given for ${email} on ${backend}.`, 'Pipe it in with --password-stdin, or type it at the prompt.');
      return { method: 'password', email, password, ...(opts.organization ? { organization: opts.organization } : {}) };
    }
    case 'chain':
      return { method: 'chain' };
    case 'keys': {
      const accessKeyId = (opts.accessKeyId ?? (await askVisible(ctx, backend, `Access key id for ${backend}`, 'an AWS access key pair', '--access-key-id <id>'))).trim();
      const secretAccessKey = (
        opts.secretAccessKeyStdin ? await readAll(ctx.stdin) : await readSecret(ctx.stdin, ctx.io.stderr, `Secret access key for ${accessKeyId} on ${backend}`)
      ).trim();
      if (!secretAccessKey) throw new AppError('BAD_REQUEST', `No secret access key was given for ${backend}.`, 'Pipe it in with --secret-access-key-stdin, or type it at the prompt.');
      return { method: 'keys', accessKeyId, secretAccessKey };
    }
  }
}

/** Prints the sign-in address (always: the browser may be on another machine), then tries to open it. */
async function showSignInPage(ctx: CliContext, backend: string, url: string, open: boolean): Promise<void> {
  ctx.io.stderr.write(`To sign in to ${backend}, open this address in your browser:\n  ${url}\nWaiting for the sign-in to finish…\n`);
  if (!open) return;
  await openSystemBrowser(url).catch(() => ctx.io.stderr.write('(No browser could be opened here; use the address above.)\n'));
}

/** A client id or an email is not secret, so it is typed with echo; piped stdin is kept for the secret itself. */
async function askVisible(ctx: CliContext, backend: string, label: string, way: string, flag: string): Promise<string> {
  if (!ctx.stdin.isTTY) {
    throw new AppError('BAD_REQUEST', `${backend} signs in with ${way}, but no ${flag.split(' ')[0]!.slice(2)} was given.`, `Pass ${flag} (stdin carries the secret).`);
  }
  const rl = createInterface({ input: ctx.stdin, output: ctx.io.stderr });
  try {
    const answer = await rl.question(`${label}: `);
    if (!answer.trim()) throw new AppError('BAD_REQUEST', `Nothing was typed for ${label.toLowerCase()}.`, `Pass ${flag}, or type it at the prompt.`);
    return answer;
  } finally {
    rl.close();
  }
}
