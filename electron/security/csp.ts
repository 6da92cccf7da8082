/**
 * The Content-Security-Policy of the renderer. Main sends it as a response header and index.html carries
 * the same string in a <meta http-equiv> (file:// responses have no headers to rewrite), so the policy
 * holds however the page is loaded. The renderer has no network of its own: `connect-src 'none'`.
 */
const PRODUCTION_DIRECTIVES: ReadonlyArray<readonly [string, string]> = [
  ['default-src', "'none'"],
  ['script-src', "'self'"],
  ['style-src', "'self'"],
  ['img-src', "'self' data:"],
  ['font-src', "'self'"],
  ['connect-src', "'none'"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
  ['frame-ancestors', "'none'"],
  ['object-src', "'none'"],
];

export const CONTENT_SECURITY_POLICY = PRODUCTION_DIRECTIVES.map(([name, value]) => `${name} ${value}`).join('; ');

/**
 * The Vite dev server needs an inline React-refresh preamble, injected <style> tags and a websocket for
 * hot reload. Only `npm start` in dev mode (VITE_DEV_SERVER_URL, never a packaged app) gets this.
 */
export function devContentSecurityPolicy(devServerUrl: string): string {
  const origin = new URL(devServerUrl);
  const ws = `${origin.protocol === 'https:' ? 'wss:' : 'ws:'}//${origin.host}`;
  const relaxed: Record<string, string> = {
    'script-src': `'self' 'unsafe-inline'`,
    'style-src': `'self' 'unsafe-inline'`,
    'connect-src': `'self' ${ws}`,
  };
  return PRODUCTION_DIRECTIVES.map(([name, value]) => `${name} ${relaxed[name] ?? value}`).join('; ');
}
