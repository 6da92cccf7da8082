import { resolveDataDir } from '../config/paths';
import { createServices, type Services } from '../services';
import type { Io } from './output';
import { readSecret } from './prompt';

/** What every command gets: where to print, and the services (built once, on first use). */
export interface CliContext {
  io: Io;
  env: NodeJS.ProcessEnv;
  stdin: NodeJS.ReadStream;
  services(): Promise<Services>;
}

export function createCliContext(options: { io: Io; env: NodeJS.ProcessEnv; stdin: NodeJS.ReadStream }): CliContext & { close(): Promise<void> } {
  let services: Promise<Services> | undefined;
  return {
    ...options,
    services() {
      services ??= createServices({
        dataDir: resolveDataDir(options.env),
        env: options.env,
        askPassphrase: () => readSecret(options.stdin, options.io.stderr, 'Latchkey store passphrase'),
      });
      return services;
    },
    async close() {
      if (services) await (await services).close();
    },
  };
}
