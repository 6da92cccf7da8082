import type { AppendOptions, AuditRecord } from '../audit/audit-log';
import type { ProfileEnvironment } from '../../shared/profile';
import type { EventBus } from '../event-bus';
import type { GitGuardOptions } from './git-guard';
import type { HeldLease } from './lease-upkeep';
import type { ExportLedger, ExportRecord } from './ledger';
import type { ScopedValues } from './scoped-read';
import type { SweepDeps } from './sweeper';

/**
 * What create, extend and mount need from the export service: built once by ExportService and handed to
 * them, so none of them reaches into the service's own dependencies.
 */
export interface ExportContext {
  ledger: ExportLedger;
  audit: { append(record: AuditRecord, options?: AppendOptions): Promise<unknown> };
  events?: EventBus;
  git?: GitGuardOptions;
  sweepDeps: SweepDeps;
  now(): number;
  profileEnv(ref: string): Promise<ProfileEnvironment | undefined>;
  read(ref: string, keys: string[] | undefined): Promise<ScopedValues>;
  releaseLeases(leases: HeldLease[]): Promise<void>;
  /** Makes dynamic credentials last as long as the export that holds them; warnings say when they cannot. */
  renewForExport(leases: HeldLease[], expiresAt: string): Promise<string[]>;
  /** An active export by id or unambiguous id prefix. */
  find(idOrPrefix: string): Promise<ExportRecord>;
}

/** The ledger keeps only what names a lease: never its duration or anything about the value. */
export function recordedLeases(leases: HeldLease[]): ExportRecord['leases'] {
  return leases.map(({ id, backend, variable }) => ({ id, backend, ...(variable ? { variable } : {}) }));
}
