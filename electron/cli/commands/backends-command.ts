import type { Command } from 'commander';
import { BackendKind } from '../../../shared/backends';
import type { BackendApplied } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import { describeChange } from '../../backends/identity';
import type { CliContext } from '../context';
import { printJson, type Io } from '../output';

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
  acceptChanges?: boolean;
  insecureHttp?: boolean;
  json?: boolean;
}

/** Flags → raw config per kind; the service's schema then decides. A new kind is one entry here. */
const configFromFlags: Record<BackendKind, (o: AddOptions) => unknown> = {
  vault: (o) => ({
    name: o.name,
    kind: 'vault',
    url: o.url,
    ...(o.kvMount ? { kvMount: o.kvMount } : {}),
    auth: { method: o.auth ?? 'token', username: o.username, role: o.oidcRole, mount: o.authMount },
    namespace: o.namespace,
    ...insecure(o),
  }),
  infisical: (o) => ({ name: o.name, kind: 'infisical', url: o.url, auth: { method: o.auth ?? 'universal' }, ...insecure(o) }),
  doppler: (o) => ({ name: o.name, kind: 'doppler', url: o.url, auth: { method: o.auth ?? 'token' }, ...insecure(o) }),
  aws: (o) => ({ name: o.name, kind: 'aws', region: o.region, endpoint: o.url, prefix: o.prefix, profile: o.awsProfile, auth: { method: o.auth ?? 'chain' }, ...insecure(o) }),
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

const insecure = (o: AddOptions) => (o.insecureHttp ? { allowInsecureHttp: true } : {});

const exampleUrl: Record<BackendKind, string> = {
  vault: 'https://vault.acme.example:8200',
  infisical: 'https://app.infisical.com or https://infisical.acme.example',
  doppler: 'https://api.doppler.com',
  aws: 'https://secretsmanager.eu-west-1.amazonaws.com',
};

/** Kinds with one public address (Doppler) or an address the SDK derives (AWS, from the region). */
const urlOptional = new Set<BackendKind>(['doppler', 'aws']);

/** `  backend acme: url http://a → http://b (signed out: sign in again)`: what an accepted change did. */
export function printApplied(io: Io, applied: BackendApplied[]): void {
  for (const b of applied) {
    const signedOut = b.signedOut ? '; its saved sign-in was deleted' : '';
    for (const change of b.changes) io.stdout.write(`  backend ${b.name}: ${describeChange(change)}${signedOut}\n`);
    if (b.insecureHttp) io.stderr.write(`warning: ${b.name} uses plain http:// to another machine: tokens and secrets cross the network unencrypted.\n`);
  }
}

export function registerBackends(program: Command, ctx: CliContext): void {
  const backends = program.command('backends').description('Add, list and remove the secrets backends Latchkey talks to');

  backends
    .command('add <kind>')
    .description(`Add a backend (kinds: ${BackendKind.options.join(', ')}); no secret is asked for here — sign in with \`latchkey login\``)
    .requiredOption('--name <name>', 'short name used in environment refs, e.g. acme-vault')
    .option('--url <url>', 'server address, e.g. https://vault.acme.example:8200 (Doppler: default https://api.doppler.com; AWS: an endpoint override, default from --region)')
    .option('--kv-mount <mount>', 'Vault: KV v2 mount holding the environments (default: secret)')
    .option('--auth <method>', 'sign-in method: token|userpass|oidc (Vault, default token), universal|token|user|password (Infisical, default universal), token (Doppler), chain|keys (AWS, default chain)')
    .option('--username <user>', 'Vault userpass: default username')
    .option('--oidc-role <role>', 'Vault OIDC: role to sign in with')
    .option('--auth-mount <path>', 'Vault: mount path of the auth method when not the default')
    .option('--namespace <ns>', 'Vault Enterprise namespace')
    .option('--region <region>', 'AWS: the region of the secrets, e.g. eu-west-1')
    .option('--prefix <prefix>', 'AWS: secrets named <prefix><project>/<env> are environments, e.g. acme/')
    .option('--aws-profile <name>', 'AWS: a named profile from ~/.aws/config (SSO sessions too); default: the standard credential chain')
    .option('--replace', 'replace a backend with the same name')
    .option('--accept-changes', 'with --replace: accept a new url, kind, namespace or sign-in method (deletes the saved sign-in)')
    .option('--insecure-http', 'allow plain http:// to a host other than this machine (tokens travel unencrypted; recorded in the audit log)')
    .option('--json', 'print what was added as JSON')
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
      const services = await ctx.services();
      const added = await services.setup.addBackend({ config: configFromFlags[parsedKind.data](opts), replace: opts.replace, acceptChanges: opts.acceptChanges });
      if (opts.json) return printJson(ctx.io, added);
      ctx.io.stdout.write(`${added.result === 'added' ? 'Added' : added.result === 'unchanged' ? 'Kept' : 'Replaced'} ${added.kind} backend ${added.name} (${added.url}).\n`);
      printApplied(ctx.io, [added]);
      if (added.result === 'added' || added.signedOut) ctx.io.stdout.write(`Next: latchkey login ${added.name}\n`);
    });

  backends
    .command('list')
    .description('List configured backends and whether a token for each is in the keychain')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const list = await (await ctx.services()).setup.listBackends();
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
      const removed = await (await ctx.services()).setup.removeBackend(name);
      ctx.io.stdout.write(`Removed backend ${name}${removed.signedOut ? ' and its token' : ''}.\n`);
    });
}
