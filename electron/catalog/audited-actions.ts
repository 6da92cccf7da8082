import { AppError } from '../../shared/errors';
import type { Credentials, SessionInfo } from '../backends/types';
import type { AuditLog } from '../audit/audit-log';
import { toAppError } from '../errors';
import type { BackendRegistry } from './backend-registry';
import type { CatalogService } from './catalog-service';

const outcomeOf = (error: AppError) => (error.code === 'FORBIDDEN' || error.code === 'UNAUTHENTICATED' ? 'denied' : 'failed');

/** Signs in to a backend (the adapter keeps the token in the keychain) and records it, success or not. */
export async function signIn(deps: { registry: BackendRegistry; audit: AuditLog }, backend: string, credentials: Credentials): Promise<SessionInfo> {
  const details = {
    method: credentials.method,
    ...(credentials.method === 'userpass' ? { username: credentials.username } : {}),
  };
  try {
    const session = await (await deps.registry.get(backend)).login(credentials);
    await deps.audit.append({ action: 'login', target: backend, outcome: 'ok', details: { ...details, identity: session.identity } });
    return session;
  } catch (error) {
    const appError = toAppError(error);
    if (appError.code !== 'NOT_FOUND' || !appError.message.startsWith('No backend named')) {
      await deps.audit
        .append({ action: 'login', target: backend, outcome: 'failed', details: { ...details, code: appError.code } })
        .catch(() => undefined);
    }
    throw error;
  }
}

/**
 * The one way a value reaches the UI, the clipboard or the terminal: one key, and an audit entry written
 * BEFORE the value is handed out (no entry, no value). The entry names the key and ref, never the value.
 * `action`: `secret.reveal` (shown) or `secret.copy` (put on the clipboard by main).
 */
export async function revealSecret(
  deps: { catalog: CatalogService; audit: AuditLog },
  ref: string,
  key: string,
  action: 'secret.reveal' | 'secret.copy' = 'secret.reveal',
): Promise<{ ref: string; key: string; value: string }> {
  let value: string;
  try {
    value = await deps.catalog.readOne(ref, key);
  } catch (error) {
    const appError = toAppError(error);
    await deps.audit.append({ action, target: ref, outcome: outcomeOf(appError), details: { key, code: appError.code } }).catch(() => undefined);
    throw error;
  }
  await deps.audit.append({ action, target: ref, outcome: 'ok', details: { key } });
  return { ref, key, value };
}
