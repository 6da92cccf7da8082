import type sodiumModule from 'libsodium-wrappers-sumo';

export type Sodium = typeof sodiumModule;

let loading: Promise<Sodium> | undefined;

/**
 * libsodium must finish loading its wasm before first use; everyone awaits this one promise. It is
 * imported on first use, not at start-up: most CLI commands never run a sodium operation, and loading
 * the module costs tens of milliseconds per process.
 */
export function loadSodium(): Promise<Sodium> {
  loading ??= import('libsodium-wrappers-sumo').then(async (mod) => {
    const sodium = ((mod as { default?: Sodium }).default ?? mod) as Sodium;
    await sodium.ready;
    return sodium;
  });
  return loading;
}
