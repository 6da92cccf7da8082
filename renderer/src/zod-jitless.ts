import { config } from 'zod';

/*
 * Zod 4 probes `new Function('')` when the first object schema is built, to decide whether to compile
 * fast parsers. Our CSP (`script-src 'self'`, no 'unsafe-eval') blocks it and Chromium reports a
 * securitypolicyviolation even though zod catches the throw. Jitless mode skips the probe.
 * This module must be imported before anything that builds schemas (shared/contract), hence first in main.tsx.
 */
config({ jitless: true });
