import { AppError } from '../../shared/errors';
import type { KeychainStatus } from '../../shared/contract';
import { KEYCHAIN_SERVICE, type SecretStore } from './secret-store';

type Keytar = {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
};

/** A locked keychain can pop a prompt and hang forever; no keychain call may block the app longer than this. */
const PROBE_TIMEOUT_MS = 4000;

export const KEYCHAIN_HINT =
  'Start your desktop keyring (on Linux: gnome-keyring or KWallet with the Secret Service API), or opt in to a ' +
  'passphrase-protected store.';

/** The step every keychain error offers: the passphrase store (the CLI shows its command, the app a button). */
export const KEYCHAIN_NEXT = { next: { action: 'init-passphrase-store' } } as const;

async function loadKeytar(): Promise<Keytar> {
  // keytar is a native optional dependency: a machine without libsecret may not have it at all.
  // A dynamic import works in the ESM CLI bundle, the CJS Electron bundle and under vitest alike.
  const mod = (await import('keytar')) as unknown as Keytar & { default?: Keytar };
  return mod.default ?? mod;
}

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * keytar runs each call on a libuv pool thread, and libsecret crashes the process (SIGSEGV / libgcrypt abort)
 * when two run at once: https://github.com/atom/node-keytar/issues/283. So every keytar call in this process
 * waits for the previous one to finish (or time out: a hung keychain must not block every later call forever).
 * Process-wide on purpose: the native library is one per process.
 */
let keytarQueue: Promise<unknown> = Promise.resolve();
function oneAtATime<T>(fn: () => Promise<T>): Promise<T> {
  const run = keytarQueue.then(() => withTimeout(fn(), 'The OS keychain'));
  keytarQueue = run.then(
    () => undefined,
    () => undefined,
  );
  return run;
}

/** An account nothing is stored under: reading it proves the keychain answers. */
const PROBE_ACCOUNT = 'latchkey-keychain-probe';

/**
 * Describes why the OS keychain is not usable, without ever throwing. Null when it works. One lookup of
 * a single account: listing every credential (findCredentials) takes time in proportion to the keyring,
 * hundreds of ms on a well-used one, and every CLI command opens the store.
 */
export async function probeKeychain(load: () => Keytar | Promise<Keytar> = loadKeytar): Promise<string | null> {
  try {
    const keytar = await load();
    await withTimeout(oneAtATime(() => keytar.getPassword(KEYCHAIN_SERVICE, PROBE_ACCOUNT)), 'The OS keychain');
    return null;
  } catch (error) {
    return describe(error);
  }
}

function describe(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  if (/Cannot find module|keytar/i.test(text) && /module/i.test(text)) return 'the keytar module is not installed (needs libsecret)';
  // Messages from libsecret/D-Bus name no secrets, but keep only the first line.
  return text.split('\n')[0]!.slice(0, 200);
}

/** The OS keychain through keytar (Secret Service, macOS Keychain, Windows Credential Manager). */
export class KeytarStore implements SecretStore {
  readonly kind = 'keychain' as const;
  private constructor(private readonly keytar: Keytar) {}

  static async open(load: () => Keytar | Promise<Keytar> = loadKeytar): Promise<KeytarStore> {
    const problem = await probeKeychain(load);
    if (problem !== null) {
      throw new AppError('KEYCHAIN_UNAVAILABLE', `The OS keychain is not available: ${problem}.`, KEYCHAIN_HINT, KEYCHAIN_NEXT);
    }
    return new KeytarStore(await load());
  }

  get(account: string) {
    return this.call(() => this.keytar.getPassword(KEYCHAIN_SERVICE, account));
  }
  set(account: string, value: string) {
    return this.call(() => this.keytar.setPassword(KEYCHAIN_SERVICE, account, value));
  }
  delete(account: string) {
    return this.call(() => this.keytar.deletePassword(KEYCHAIN_SERVICE, account));
  }
  async status(): Promise<KeychainStatus> {
    const problem = await probeKeychain(() => this.keytar);
    return problem === null
      ? { backend: 'keychain', detail: `OS keychain (service "${KEYCHAIN_SERVICE}")` }
      : { backend: 'unavailable', detail: `OS keychain stopped answering: ${problem}` };
  }

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await oneAtATime(fn);
    } catch (error) {
      throw new AppError('KEYCHAIN_UNAVAILABLE', `The OS keychain failed: ${describe(error)}.`, KEYCHAIN_HINT, { ...KEYCHAIN_NEXT, cause: error });
    }
  }
}
