import type { AuditEntryView } from '../../../shared/contract';
import { DataTable } from '../components/DataTable';
import { StatusBadge } from '../components/StatusBadge';

const TONES = { ok: 'good', failed: 'warn', denied: 'bad' } as const;
const OUTCOME_WORDS = { ok: 'OK', failed: 'Failed', denied: 'Denied' } as const;
const COLUMNS = ['#', 'When', 'Action', 'Target', 'Outcome', 'Details'];

/** Audit entries, newest first: what was done to what, by whom, and how it went. Never a value. */
export function AuditTable({ entries }: { entries: AuditEntryView[] }) {
  return (
    <DataTable columns={COLUMNS} scroll noActions>
      {entries.map((e) => (
        <tr key={e.seq}>
          <th scope="row">{e.seq}</th>
          <td>
            <time dateTime={e.time} title={`${e.actor.user}${e.actor.device ? ` on device ${e.actor.device}` : ''}`}>
              {new Date(e.time).toLocaleString()}
            </time>
          </td>
          <td>
            <code>{e.action}</code>
          </td>
          <td className="wrap">
            <code className="path">{e.target}</code>
          </td>
          <td>
            <StatusBadge tone={TONES[e.outcome]}>{OUTCOME_WORDS[e.outcome]}</StatusBadge>
          </td>
          <td className="wrap audit-details">
            {Object.entries(e.details)
              .map(([k, v]) => `${k}=${String(v)}`)
              .join(' ')}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
