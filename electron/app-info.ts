// The attribute lets plain Node ESM (Playwright's loader) import it too; esbuild and vitest accept it.
import pkg from '../package.json' with { type: 'json' };

/** The version the app and the CLI report; one source of truth, bundled at build time. */
export const APP_VERSION: string = pkg.version;
