import type { AppInfo } from '../shared/contract';
import { isAppError } from '../shared/errors';
import { APP_VERSION } from './app-info';
import { ensurePrivateDir } from './fs/atomic';
import { DeviceIdentity } from './identity/device';
import { openSecretStore } from './identity/open-store';
import type { SecretStore } from './identity/secret-store';
import { scopeStore } from './identity/scoped-store';
import { createDispatch, type Dispatch, type Handlers } from './ipc-dispatch';
import { createCatalogServices, type CatalogServices, type CatalogServicesConfig } from './catalog/catalog-services';
import { createEventBus, type EventBus } from './event-bus';
import { ExportLedger } from './exports/ledger';
import { ExportService } from './exports/service';
import { extendExport } from './exports/extend';
import { ignoreExportPath } from './exports/gitignore-add';
import { exportLimits } from './exports/ttl';
import { queryAudit } from './audit/audit-query';
import { createDesktopServices } from './desktop/desktop-services';
import type { DesktopHooks } from './desktop/desktop-hooks';

export interface ServicesConfig {
  /** The data directory (see config/paths.ts). Tests pass a temp dir. */
  dataDir: string;
  env?: NodeJS.ProcessEnv;
  /** Inject a store (tests, or the CLI after unlocking the passphrase store). */
  secretStore?: SecretStore;
  /** Used only when the keychain is unavailable and a passphrase store exists. */
  askPassphrase?: () => Promise<string>;
  /** Tests: fake adapters instead of the real factory. */
  backendFactory?: CatalogServicesConfig['backendFactory'];
  /** Tests: http options (request counter hook, short timeouts) for every real adapter. */
  backendHttp?: CatalogServicesConfig['backendHttp'];
  /**
   * `check` (default: the app, `doctor`): make sure the device keypair exists with its private half in
   * the store, creating a new one if the keychain lost it. `create-if-missing` (other CLI commands):
   * create it only on first run (no device.json) — skips the keychain read and libsodium on every command.
   */
  deviceKey?: 'check' | 'create-if-missing';
  /** The Electron app: save dialog, file manager, clipboard (see desktop/desktop-hooks.ts). */
  desktop?: DesktopHooks;
}

export interface Services {
  readonly config: Readonly<ServicesConfig>;
  readonly secrets: SecretStore;
  readonly identity: DeviceIdentity;
  /** backends.json, profile.json, the registry of adapters, the catalog and the audit log. */
  readonly catalog: CatalogServices;
  /** Exports that expire: files, mounts, runs, the ledger and its sweeper. */
  readonly exports: ExportService;
  /** Events for the window (`exports:expired`, …); main forwards them with createEventPush. */
  readonly events: EventBus;
  readonly handlers: Handlers;
  readonly dispatch: Dispatch;
  appInfo(): Promise<AppInfo>;
  close(): Promise<void>;
}

/**
 * The composition root: builds every service from a config. The Electron app, the CLI and the tests all
 * call this with different configs; nothing else holds state at module level.
 */
export async function createServices(config: ServicesConfig): Promise<Services> {
  await ensurePrivateDir(config.dataDir);
  const secrets = scopeStore(
    config.secretStore ?? (await openSecretStore({ dataDir: config.dataDir, askPassphrase: config.askPassphrase })),
    config.dataDir,
  );
  const identity = new DeviceIdentity(config.dataDir, secrets);
  await ensureDeviceKey(identity, config.deviceKey ?? 'check');

  const appInfo = async (): Promise<AppInfo> => ({
    name: 'Latchkey',
    version: APP_VERSION,
    dataDir: config.dataDir,
    platform: `${process.platform}-${process.arch}`,
    keychain: await secrets.status(),
  });

  const catalog = createCatalogServices({
    dataDir: config.dataDir,
    secrets,
    identity,
    backendFactory: config.backendFactory,
    backendHttp: config.backendHttp,
  });

  const events = createEventBus();
  const exports = new ExportService({
    ledger: new ExportLedger(config.dataDir),
    catalog: catalog.catalog,
    profiles: catalog.profiles,
    registry: catalog.registry,
    audit: catalog.audit,
    events,
  });

  const desktop = createDesktopServices({ desktop: config.desktop, catalog: catalog.catalog, audit: catalog.audit, exports });

  const handlers: Handlers = {
    ...catalog.handlers,
    ...desktop.handlers,
    'exports:list': () => exports.list(),
    'exports:create': async (input) => {
      const { record: _record, ...created } = await exports.create(input);
      return created;
    },
    'exports:revoke': (input) => exports.revoke(input.id),
    'exports:extend': (input) => extendExport(exports, input.id, input.ttl),
    'exports:limits': async (input) => exportLimits(await exports.profileEnv(input.ref)),
    'exports:ignorePath': (input) => ignoreExportPath({ audit: catalog.audit }, input.path),
    'audit:list': async (input) => queryAudit(await catalog.audit.list(), input),
    'audit:verify': () => catalog.audit.verify(),
    'app:info': () => appInfo(),
    'identity:status': () => identity.status(),
  };

  return {
    config,
    secrets,
    identity,
    catalog,
    exports,
    events,
    handlers,
    dispatch: createDispatch(handlers),
    appInfo,
    close: async () => desktop.close(),
  };
}

/** First run creates the device keypair. Without a keychain there is nowhere safe for the private half:
 *  carry on (status screens must still work) and let `identity:status` show it missing. */
async function ensureDeviceKey(identity: DeviceIdentity, mode: NonNullable<ServicesConfig['deviceKey']>): Promise<void> {
  try {
    if (mode === 'create-if-missing' && (await identity.status()).deviceKeyPresent) return;
    await identity.ensure();
  } catch (error) {
    if (!(isAppError(error) && error.code === 'KEYCHAIN_UNAVAILABLE')) throw error;
  }
}
