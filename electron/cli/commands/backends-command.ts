import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { BackendConfig, BackendKind } from '../../../shared/backends';
import { AppError } from '../../../shared/errors';
import { tokenAccount } from '../../backends/types';
import { describeZodIssue } from '../../config/zod-issues';
import type { CliContext } from '../context';
import { printJson } from '../output';

interface AddOptions {
  name: string;
  url?: string;
  kvMount?: string;
  auth?: string;
  username?: string;
  oidcRole?: string;
  authMount?: string;
  namespace?: string;
  region?: string;
  prefix?: string;
  awsProfile?: string;
  replace?: boolean;
}

/** Flags → raw config per kind; the BackendConfig schema then decides. A new kind is one entry here. */
const configFromFlags: Record<BackendKind, (o: AddOptions) => unknown> = {
  vault: (o) => ({
    name: o.name,
    kind: 'vault',
    url: o.url,
    ...(o.kvMount ? { kvMount: o.kvMount } : {}),
    auth: { method: o.auth ?? 'token', username: o.username, role: o.oidcRole, mount: o.authMount },
    namespace: o.namespace,
  }),
  infisical: (o) => ({ name: o.name, kind: 'infisical', url: o.url, auth: { method: o.auth ?? 'universal' } }),
  doppler: (o) => ({ name: o.name, kind: 'doppler', url: o.url, auth: { method: o.auth ?? 'token' } }),
  aws: (o) => ({ name: o.name, kind: 'aws', region: o.region, endpoint: o.url, prefix: o.prefix, profile: o.awsProfile, auth: { method: o.auth ?? 'chain' } }),
};

const kindName: Record<BackendKind, string> = { vault: 'Vault', infisical: 'Infisical', doppler: 'Doppler', aws: 'AWS' };

/** Flags that only mean something for one kind. */
const kindOnly: Partial<Record<keyof AddOptions, BackendKind>> = {
  kvMount: 'vault',
  username: 'vault',
  oidcRole: 'vault',
  authMount: 'vault',
  namespace: 'vault',
  region: 'aws',
  prefix: 'aws',
  awsProfile: 'aws',
};

const exampleUrl: Record<BackendKind, string> = {
  vault: 'https://vault.acme.example:8200',
  infisical: 'https://app.infisical.com or https://infisical.acme.example',
  doppler: 'https://api.doppler.com',
  aws: 'https://secretsmanager.eu-west-1.amazonaws.com',
};

/** Kinds with one public address (Doppler) or an address the SDK derives (AWS, from the region). */
const urlOptional = new Set<BackendKind>(['doppler', 'aws']);

export function registerBackends(program: Command, ctx: CliContext): void {
  const backends = program.command('backends').description('Add, list and remove the secrets backends Latchkey talks to');

  backends
    .command('add <kind>')
    .description(`Add a backend (kinds: ${BackendKind.options.join(', ')}); no secret is asked for here — sign in with \`latchkey login\``)
    .requiredOption('--name <name>', 'short name used in environment refs, e.g. acme-vault')
    .option('--url <url>', 'server address, e.g. https://vault.acme.example:8200 (Doppler: default https://api.doppler.com; AWS: an endpoint override, default from --region)')
    .option('--kv-mount <mount>', 'Vault: KV v2 mount holding the environments (default: secret)')
    .option('--auth <method>', 'sign-in method: token|userpass|oidc (Vault, default token), universal|token (Infisical, default universal), token (Doppler), chain|keys (AWS, default chain)')
    .option('--username <user>', 'Vault userpass: default username')
    .option('--oidc-role <role>', 'Vault OIDC: role to sign in with')
    .option('--auth-mount <path>', 'Vault: mount path of the auth method when not the default')
    .option('--namespace <ns>', 'Vault Enterprise namespace')
    .option('--region <region>', 'AWS: the region of the secrets, e.g. eu-west-1')
    .option('--prefix <prefix>', 'AWS: secrets named <prefix><project>/<env> are environments, e.g. acme/')
    .option('--aws-profile <name>', 'AWS: a named profile from ~/.aws/config (SSO sessions too); default: the standard credential chain')
    .option('--replace', 'replace a backend with the same name')
    .action(async (kind: string, opts: AddOptions) => {
      const parsedKind = BackendKind.safeParse(kind);
      if (!parsedKind.success) {
        throw new AppError('BAD_REQUEST', `Unknown backend kind "${kind}".`, `Use one of: ${BackendKind.options.join(', ')}.`);
      }
      // Doppler has one public API address, AWS derives it from the region; Vault and Infisical are wherever the team runs them.
      if (!opts.url && !urlOptional.has(parsedKind.data)) {
        throw new AppError('BAD_REQUEST', `A ${parsedKind.data} backend needs the server address.`, `Pass --url, e.g. ${exampleUrl[parsedKind.data]}.`);
      }
      const foreign = (Object.keys(kindOnly) as Array<keyof AddOptions>).filter((k) => opts[k] !== undefined && kindOnly[k] !== parsedKind.data);
      if (foreign.length > 0) {
        const flags = foreign.map((k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(', ');
        const owners = [...new Set(foreign.map((k) => kindName[kindOnly[k]!]))].join(' or ');
        throw new AppError('BAD_REQUEST', `${flags} only apply to ${owners} backends, not ${parsedKind.data}.`, 'Drop those flags and run the command again.');
      }
      const parsed = BackendConfig.safeParse(configFromFlags[parsedKind.data](opts));
      if (!parsed.success) {
        throw new AppError('BAD_REQUEST', `That backend is not valid: ${describeZodIssue(parsed.error.issues[0])}.`, 'Fix the flag and run the command again.');
      }
      const services = await ctx.services();
      const { backends: store, registry, audit } = services.catalog;
      const existing = (await store.list()).some((b) => b.name === parsed.data.name);
      if (existing && !opts.replace) {
        throw new AppError('CONFLICT', `A backend named "${parsed.data.name}" already exists.`, 'Pick another --name, or pass --replace to overwrite it.');
      }
      await store.upsert(parsed.data);
      registry.forget(parsed.data.name);
      await audit
        .append({ action: 'backend.add', target: parsed.data.name, outcome: 'ok', details: { kind: parsed.data.kind, url: parsed.data.url } })
        .catch(() => ctx.io.stderr.write('warning: could not write the audit log entry (see `latchkey doctor`).\n'));
      ctx.io.stdout.write(`${existing ? 'Replaced' : 'Added'} ${parsed.data.kind} backend ${parsed.data.name} (${parsed.data.url}).\n`);
      ctx.io.stdout.write(`Next: latchkey login ${parsed.data.name}\n`);
    });

  backends
    .command('list')
    .description('List configured backends and whether a token for each is in the keychain')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const services = await ctx.services();
      const result = await services.dispatch('backends:list', {});
      if (!result.ok) throw new AppError(result.error.code, result.error.message, result.error.hint);
      const list = result.value as Array<{ name: string; kind: string; url: string; authMethod: string; signedIn: boolean }>;
      if (opts.json) return printJson(ctx.io, list);
      if (list.length === 0) {
        ctx.io.stdout.write('No backends yet. Add one with `latchkey backends add <vault|infisical|doppler|aws> --name <name> --url <url>` or import a team profile.\n');
        return;
      }
      for (const b of list) {
        ctx.io.stdout.write(`${b.name.padEnd(20)} ${b.kind.padEnd(9)} ${b.authMethod.padEnd(9)} ${(b.signedIn ? 'signed in' : 'signed out').padEnd(10)} ${b.url}\n`);
      }
    });

  backends
    .command('remove <name>')
    .description('Remove a backend and delete its token from the keychain')
    .action(async (name: string) => {
      const services = await ctx.services();
      const { backends: store, registry, audit } = services.catalog;
      await store.remove(name);
      registry.forget(name);
      const hadToken = await services.secrets.delete(tokenAccount(name));
      // The adapter's non-secret token metadata (expiry) would otherwise outlive the backend.
      await fs.rm(path.join(services.config.dataDir, 'sessions', `${name}.json`), { force: true });
      await audit
        .append({ action: 'backend.remove', target: name, outcome: 'ok', details: { tokenDeleted: hadToken } })
        .catch(() => ctx.io.stderr.write('warning: could not write the audit log entry (see `latchkey doctor`).\n'));
      ctx.io.stdout.write(`Removed backend ${name}${hadToken ? ' and its token' : ''}.\n`);
    });
}
