import type { AuditLog } from '../audit/audit-log';
import type { CatalogService } from '../catalog/catalog-service';
import { toAppError } from '../errors';

const outcomeOf = (code: string) => (code === 'FORBIDDEN' || code === 'UNAUTHENTICATED' ? 'denied' : 'failed');

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
    const { code } = toAppError(error);
    await deps.audit.append({ action, target: ref, outcome: outcomeOf(code), details: { key, code } }).catch(() => undefined);
    throw error;
  }
  await deps.audit.append({ action, target: ref, outcome: 'ok', details: { key } });
  return { ref, key, value };
}
