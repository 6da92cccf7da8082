import type { Command } from 'commander';
import { AppError } from '../../../shared/errors';
import type { Credentials } from '../../backends/types';
import { signIn } from '../../catalog/audited-actions';
import type { CliContext } from '../context';
import { printJson } from '../output';
import { readAll, readSecret } from '../prompt';

interface LoginOptions {
  username?: string;
  tokenStdin?: boolean;
  passwordStdin?: boolean;
  json?: boolean;
}

export function registerLogin(program: Command, ctx: CliContext): void {
  program
    .command('login <backend>')
    .description('Sign in to a backend; the token goes to the keychain. Secrets come from stdin or a prompt, never from arguments')
    .option('--username <user>', 'userpass: who to sign in as (default: the backend\'s configured username)')
    .option('--token-stdin', 'read a token from stdin')
    .option('--password-stdin', 'read the userpass password from stdin')
    .option('--json', 'print the session (identity, policies, expiry) as JSON')
    .action(async (backend: string, opts: LoginOptions) => {
      if (opts.tokenStdin && opts.passwordStdin) {
        throw new AppError('BAD_REQUEST', 'Use either --token-stdin or --password-stdin, not both.');
      }
      const services = await ctx.services();
      const config = await services.catalog.backends.get(backend);
      const method = opts.tokenStdin ? 'token' : opts.passwordStdin || opts.username ? 'userpass' : config.auth.method;
      const credentials = await credentialsFor(ctx, backend, method, opts, config.kind === 'vault' ? config.auth : {});
      if (method === 'oidc') ctx.io.stderr.write(`Opening your browser to sign in to ${backend}…\n`);
      const session = await signIn(services.catalog, backend, credentials);
      if (opts.json) return printJson(ctx.io, session);
      const expiry = session.expiresAt ? `, expires ${session.expiresAt}` : '';
      ctx.io.stdout.write(`Signed in to ${backend} as ${session.identity} (policies: ${session.policies.join(', ') || 'none'}${expiry}).\n`);
    });
}

async function credentialsFor(
  ctx: CliContext,
  backend: string,
  method: string,
  opts: LoginOptions,
  auth: { username?: string; role?: string },
): Promise<Credentials> {
  switch (method) {
    case 'token': {
      const token = (opts.tokenStdin ? await readAll(ctx.stdin) : await readSecret(ctx.stdin, ctx.io.stderr, `Token for ${backend}`)).trim();
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
    case 'oidc':
      return { method: 'oidc', ...(auth.role ? { role: auth.role } : {}) };
    default:
      throw new AppError('BAD_REQUEST', `Signing in to ${backend} with "${method}" is not supported by the CLI yet.`, 'Use a token: latchkey login <backend> --token-stdin');
  }
}
