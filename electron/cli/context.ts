import { resolveDataDir } from '../config/paths';
import { createServices, type Services } from '../services';
import type { Io } from './output';
import { readSecret } from './prompt';

/** What every command gets: where to print, and the services (built once, on first use). */
export interface CliContext {
  io: Io;
  env: NodeJS.ProcessEnv;
  stdin: NodeJS.ReadStream;
  /** The command being run (set before its action): lets start-up skip what only some commands need. */
  command?: string;
  services(): Promise<Services>;
  /**
   * The passphrase store was just created with this passphrase: open it with the same one instead of
   * asking again (stdin is already read to its end when the passphrase came from a pipe).
   */
  rememberPassphrase(passphrase: string): void;
}

/** Commands that check the device key fully (keychain read); the rest only create it on first run. */
const CHECKS_DEVICE_KEY = new Set(['doctor']);

export function createCliContext(options: { io: Io; env: NodeJS.ProcessEnv; stdin: NodeJS.ReadStream }): CliContext & { close(): Promise<void> } {
  let services: Promise<Services> | undefined;
  let passphrase: string | undefined;
  const ctx: CliContext & { close(): Promise<void> } = {
    ...options,
    services() {
      services ??= createServices({
        dataDir: resolveDataDir(options.env),
        env: options.env,
        askPassphrase: async () => passphrase ?? readSecret(options.stdin, options.io.stderr, 'Latchkey store passphrase'),
        warn: (message) => void options.io.stderr.write(`warning: ${message}\n`),
        deviceKey: ctx.command !== undefined && CHECKS_DEVICE_KEY.has(ctx.command) ? 'check' : 'create-if-missing',
      });
      return services;
    },
    rememberPassphrase(value) {
      passphrase = value;
    },
    async close() {
      // Services that failed to start were reported by the command already: nothing to close.
      const started = await services?.catch(() => undefined);
      await started?.close();
    },
  };
  return ctx;
}
