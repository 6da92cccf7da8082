import pkg from '../package.json';

/** The version the app and the CLI report; one source of truth, bundled at build time. */
export const APP_VERSION: string = pkg.version;
