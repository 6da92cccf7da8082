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
import { AccessService } from './access/access-service';
import { GrantStore } from './access/grants';
import { accessHandlers } from './access/handlers';
import { AccessNotifier } from './access/notifier';
import { AccessStore } from './access/local-store';

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
}

export interface Services {
  readonly config: Readonly<ServicesConfig>;
  readonly secrets: SecretStore;
  readonly identity: DeviceIdentity;
  /** backends.json, profile.json, the registry of adapters, the catalog and the audit log. */
  readonly catalog: CatalogServices;
  /** Exports that expire: files, mounts, runs, the ledger and its sweeper. */
  readonly exports: ExportService;
  /** Access requests and approvals; grants it holds are read through the catalog. */
  readonly access: AccessService;
  /** Approved, denied, waiting for you, grant ending: `access:notification` events (the app starts its timer). */
  readonly accessNotifier: AccessNotifier;
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

  const accessStore = new AccessStore(config.dataDir);
  const grants = new GrantStore(accessStore, secrets);
  const catalog = createCatalogServices({
    dataDir: config.dataDir,
    secrets,
    identity,
    backendFactory: config.backendFactory,
    backendHttp: config.backendHttp,
    grants,
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

  const access = new AccessService({
    dataDir: config.dataDir,
    store: accessStore,
    grants,
    identity,
    profiles: catalog.profiles,
    registry: catalog.registry,
    audit: catalog.audit,
    endExportsOfGrant: (requestId) => exports.endGrant(requestId),
    events,
  });

  const handlers: Handlers = {
    ...catalog.handlers,
    ...accessHandlers(access),
    'exports:list': () => exports.list(),
    'exports:create': async (input) => {
      const { record: _record, ...created } = await exports.create(input);
      return created;
    },
    'exports:revoke': (input) => exports.revoke(input.id),
    'app:info': () => appInfo(),
    'identity:status': () => identity.status(),
  };

  return {
    config,
    secrets,
    identity,
    catalog,
    exports,
    access,
    accessNotifier: new AccessNotifier(access, events),
    events,
    handlers,
    dispatch: createDispatch(handlers),
    appInfo,
    close: async () => {},
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
