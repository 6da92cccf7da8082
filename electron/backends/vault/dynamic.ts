import { AppError, isAppError } from '../../../shared/errors';
import type { Lease } from '../types';

/**
 * The one thing dynamic reads and lease upkeep need from Vault: send `method` to `/v1/<path>` with the
 * session token and resolve to the parsed JSON body (`null` for an empty 202/204 body). Non-2xx answers
 * must reject with an AppError that names the backend. The Vault adapter's http wrapper provides it.
 */
export interface VaultRequester {
  request(method: 'GET' | 'PUT' | 'POST', path: string, body?: unknown): Promise<unknown>;
}

/** A variable filled from a dynamic engine (the team profile's `dynamic` entries). */
export interface DynamicVariable {
  variable: string;
  path: string;
  template: string;
}

export interface DynamicValue {
  value: string;
  lease: Lease;
}

const placeholder = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;
const urlScheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;

/**
 * Fills `{{field}}` placeholders from the engine's `data`. Rule for URLs: when the template starts with a
 * scheme (`postgres://`, `mysql://`, `https://`…), every value is percent-encoded (encodeURIComponent) so a
 * password with `@`, `/` or `:` cannot break the URL; any other template gets values verbatim. There is
 * deliberately no per-placeholder function syntax. Throws BAD_REQUEST naming only the field, never a value.
 */
export function renderTemplate(template: string, data: Record<string, unknown>, where: string): string {
  const encode = urlScheme.test(template) ? encodeURIComponent : (text: string) => text;
  return template.replace(placeholder, (_match, field: string) => {
    const raw = Object.hasOwn(data, field) ? data[field] : undefined;
    if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') {
      const known = Object.keys(data).sort().join(', ') || 'none';
      throw new AppError('BAD_REQUEST', `${where}: the template uses {{${field}}}, which the engine did not return.`,
        `Fix the template in the team profile; available fields: ${known}.`);
    }
    return encode(String(raw));
  });
}

interface LeasedResponse {
  lease_id?: unknown;
  lease_duration?: unknown;
  renewable?: unknown;
  data?: unknown;
}

/** Strips a leading `/v1/` or `/` so profile paths written either way reach the same endpoint. */
export const normalizeVaultPath = (path: string) => path.replace(/^\/+/, '').replace(/^v1\//, '');

/**
 * Reads fresh credentials from a dynamic engine (e.g. GET `database/creds/<role>`) and renders the
 * variable's template with them. Every call creates NEW credentials and a new lease: the caller must hand
 * `lease` to the export or run that holds it (renewal, revocation) and include it in SecretBundle.leases.
 */
export async function readDynamic(client: VaultRequester, variable: DynamicVariable, backend: string): Promise<DynamicValue> {
  const path = normalizeVaultPath(variable.path);
  const where = `Vault backend "${backend}", ${variable.variable} from ${path}`;
  let body: LeasedResponse | null;
  try {
    body = (await client.request('GET', path)) as LeasedResponse | null;
  } catch (error) {
    if (isAppError(error)) throw error;
    throw new AppError('BACKEND_UNAVAILABLE', `${where}: the read failed.`, 'Check the connection, then retry.', { cause: error });
  }
  const data = body?.data;
  if (!body || typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new AppError('NOT_FOUND', `${where}: the engine returned no credentials.`,
      'Check that the path names a dynamic role (e.g. database/creds/<role>).');
  }
  if (typeof body.lease_id !== 'string' || body.lease_id === '') {
    // Without a lease the credentials could not be revoked by us: refuse rather than leak them silently.
    throw new AppError('BAD_REQUEST', `${where}: the answer carries no lease, so Latchkey could not revoke it.`,
      'Point the profile at a dynamic secrets engine path such as database/creds/<role>.');
  }
  const lease: Lease = {
    id: body.lease_id,
    backend,
    durationSeconds: typeof body.lease_duration === 'number' ? body.lease_duration : 0,
    renewable: body.renewable === true,
  };
  try {
    return { value: renderTemplate(variable.template, data as Record<string, unknown>, where), lease };
  } catch (error) {
    // The credentials exist now but nobody will use them: revoke at once (best effort) instead of
    // leaving a live database role behind until its TTL runs out.
    await client.request('PUT', 'sys/leases/revoke', { lease_id: lease.id }).catch(() => undefined);
    throw error;
  }
}
