/** Raw HTTP against the simulator for tests: one call, the status and parsed body, an optional bearer token. */
export function simHttp(base: string) {
  return async function call(method: string, path: string, options: { token?: string; body?: unknown; headers?: Record<string, string> } = {}) {
    const res = await fetch(base + path, {
      method,
      headers: {
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...options.headers,
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as any };
  };
}

/** The read rule the web app packs for one env + path (what `packRules` makes of it). */
export const readRule = (env: string, secretPath = '/') => [['read', 'secrets', { environment: env, secretPath: { $glob: secretPath } }]];
