import { promises as fs } from 'node:fs';
import type { ExportSummary } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { writeFileAtomic } from '../fs/atomic';
import type { ExportRecord } from './ledger';
import { notFound, toSummary, type ExportService } from './service';
import { sha256 } from './shred';
import { maxTtlFor, parseTtl, tooLong } from './ttl';

/**
 * Extends an export: it now ends `ttl` from now (like Vault's lease renew increment). The profile's maxTtl
 * is checked again and counts from the export's creation, so extending cannot stretch an export past what
 * one export could have asked for at the start. Leases of dynamic credentials are renewed to the new expiry;
 * when the backend grants less (max TTL), `warnings` says when they end.
 */
export async function extendExport(
  service: ExportService,
  idOrPrefix: string,
  ttl: string,
): Promise<{ export: ExportSummary; headerUpdated: boolean; warnings: string[] }> {
  const seconds = parseTtl(ttl);
  await service.sweep();
  const found = await service.find(idOrPrefix);
  if (found.kind === 'mount') {
    throw new AppError('BAD_REQUEST', `Export ${found.id} is a mount; its pipe closes at the time it was started with.`,
      'Stop it (`latchkey revoke`) and mount again with the --ttl you need.');
  }
  const max = maxTtlFor(await service.profileEnv(found.ref));
  const now = service.now();
  const until = now + seconds * 1000;
  const created = Date.parse(found.createdAt);
  if (until - created > max.seconds * 1000) {
    const limit = new Date(created + max.seconds * 1000).toISOString();
    throw tooLong(found.ref, ttl, max, ` from the export's creation (so no later than ${limit})`);
  }
  if (found.grant && until > Date.parse(found.grant.expiresAt)) {
    throw new AppError('BAD_REQUEST', `Export ${found.id} was made with an access grant that ends at ${found.grant.expiresAt}; it cannot outlive it.`,
      'Ask for access again for longer, then export again.');
  }
  if (until <= Date.parse(found.expiresAt)) {
    throw new AppError('BAD_REQUEST', `Export ${found.id} already lives until ${found.expiresAt}, later than ${ttl} from now.`,
      'Give a longer --ttl, or end it now with `latchkey revoke`.');
  }
  const expiresAt = new Date(until).toISOString();
  const result = await service.deps.ledger.update(async (records) => {
    const current = records.find((r) => r.id === found.id);
    if (!current) throw notFound(idOrPrefix);
    const contentHash = await rewriteHeaderExpiry(current, expiresAt);
    const updated: ExportRecord = { ...current, expiresAt, contentHash: contentHash ?? current.contentHash };
    return { records: records.map((r) => (r.id === found.id ? updated : r)), result: { updated, headerUpdated: contentHash !== null } };
  });
  const warnings = await service.renewForExport(result.updated.leases, expiresAt);
  await service.deps.audit.append({
    action: 'export.extend',
    target: found.ref,
    outcome: 'ok',
    details: { id: found.id, from: found.expiresAt, expiresAt, headerUpdated: result.headerUpdated },
  });
  return { export: toSummary(result.updated, service.now()), headerUpdated: result.headerUpdated, warnings };
}

/**
 * Keeps the file's header honest ("expires …") when the file is still exactly what we wrote; returns the
 * new content hash, or null when the file was left alone (edited, moved, or a format without a header).
 */
async function rewriteHeaderExpiry(record: ExportRecord, expiresAt: string): Promise<string | null> {
  if (record.kind !== 'file' || record.format === 'json' || record.contentHash === null) return null;
  let text: string;
  try {
    text = await fs.readFile(record.path, 'utf8');
  } catch {
    return null;
  }
  if (sha256(text) !== record.contentHash) return null;
  const newline = text.indexOf('\n');
  const first = text.slice(0, newline);
  const marker = `, expires ${record.expiresAt}.`;
  if (newline < 0 || !first.startsWith('# Written by Latchkey') || !first.endsWith(marker)) return null;
  const updated = `${first.slice(0, -marker.length)}, expires ${expiresAt}.${text.slice(newline)}`;
  await writeFileAtomic(record.path, updated, { mode: 0o600 });
  return sha256(updated);
}
