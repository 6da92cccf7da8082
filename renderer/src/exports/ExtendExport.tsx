import { useState } from 'react';
import type { ExportSummary } from '../../../shared/contract';
import { durationSeconds } from '../../../shared/profile';
import { useExtendExport } from '../api/mutations';
import { useExportLimits } from '../api/queries';
import { ErrorPanel } from '../components/ErrorPanel';
import { formatClock } from '../time';

const CHOICES = ['1h', '8h', '1d', '7d'];

/**
 * The extensions that are allowed now: each makes the export end that long from now, which must be later
 * than it ends today and no later than the profile's max counted from its creation (main checks again).
 */
export function extendChoices(item: ExportSummary, maxTtl: string, now: number): string[] {
  const latest = Date.parse(item.createdAt) + durationSeconds(maxTtl) * 1000;
  return CHOICES.filter((ttl) => {
    const until = now + durationSeconds(ttl) * 1000;
    return until > Date.parse(item.expiresAt) && until <= latest;
  });
}

type Props = { item: ExportSummary; onDone: (note: string | null) => void };

/** "Extend…": how much longer, as chips within the max; what changed, or why nothing can. */
export function ExtendExport({ item, onDone }: Props) {
  const limits = useExportLimits(item.ref);
  const extend = useExtendExport();
  const [now] = useState(() => Date.now());
  const choices = limits.data ? extendChoices(item, limits.data.maxTtl, now) : [];
  return (
    <div className="confirm" role="group" tabIndex={-1} aria-label={`Extend ${item.path}`}>
      {limits.data && choices.length === 0 ? (
        <span>
          This export already lives as long as allowed: at most {limits.data.maxTtl} from its creation
          {limits.data.maxFromProfile ? ' (team profile)' : ''}.
        </span>
      ) : (
        <span>Keep it until, from now:</span>
      )}
      {choices.map((ttl) => (
        <button
          key={ttl}
          type="button"
          className="button button-small"
          aria-disabled={extend.isPending}
          onClick={() =>
            !extend.isPending &&
            extend.mutate({ id: item.id, ttl }, { onSuccess: (r) => onDone([`Extended: it now ends ${formatClock(r.export.expiresAt)}.`, ...r.warnings].join(' ')) })
          }
        >
          {ttl}
        </button>
      ))}
      <button type="button" className="button button-small button-quiet" onClick={() => onDone(null)}>
        Cancel
      </button>
      {extend.isError ? <ErrorPanel error={extend.error} /> : null}
      {limits.isError ? <ErrorPanel error={limits.error} onRetry={() => void limits.refetch()} /> : null}
    </div>
  );
}
