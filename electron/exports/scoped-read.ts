import { AppError } from '../../shared/errors';
import type { BackendRegistry } from '../catalog/backend-registry';
import type { CatalogService } from '../catalog/catalog-service';
import type { HeldLease } from './lease-upkeep';
import { valueMap } from '../util/value-map';

export interface ScopedValues {
  values: Record<string, string>;
  keys: string[];
  /** Created by this read (dynamic credentials): the caller owns them and must revoke them at the end. */
  leases: HeldLease[];
  /** Read with an access grant: what is made from these values must end no later than it. */
  grant?: { requestId: string; expiresAt: string };
}

/**
 * Reads an environment's values, only the keys asked for when `keys` is given. Dynamic variables that are
 * not asked for are not minted at all. An unknown key is an error naming it, and any credential already
 * minted by the read is given back before the error is thrown.
 */
export async function readScoped(
  deps: { catalog: CatalogService; registry: BackendRegistry },
  ref: string,
  keys: string[] | undefined,
): Promise<ScopedValues> {
  const { adapter, locator, grant } = await deps.catalog.resolve(ref);
  const granted = grant ? { grant } : {};
  const wanted = keys === undefined ? undefined : new Set(keys);
  const dynamic = locator.dynamic?.filter((d) => wanted === undefined || wanted.has(d.variable));
  const bundle = await adapter.read({ ...locator, ...(dynamic ? { dynamic } : {}) });
  const leases = bundle.leases.map((l): HeldLease => ({
    id: l.id,
    backend: l.backend,
    durationSeconds: l.durationSeconds,
    renewable: l.renewable,
    ...(l.variable ? { variable: l.variable } : {}),
  }));
  if (keys === undefined) return { values: valueMap(Object.entries(bundle.values)), keys: Object.keys(bundle.values), leases, ...granted };

  const unknown = keys.filter((k) => !Object.hasOwn(bundle.values, k));
  if (unknown.length > 0) {
    await Promise.allSettled(leases.map((l) => adapter.revokeLease(l.id)));
    const names = unknown.map((k) => `"${k}"`).join(', ');
    throw new AppError('NOT_FOUND', `${ref} has no key named ${names}. Nothing was exported.`, 'See the keys it has.', { next: { action: 'describe', ref } });
  }
  return { values: valueMap(keys.map((key) => [key, bundle.values[key]!])), keys: [...keys], leases, ...granted };
}
