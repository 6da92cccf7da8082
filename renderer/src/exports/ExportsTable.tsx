import type { ExportSummary } from '../../../shared/contract';
import { DataTable } from '../components/DataTable';
import { ExportRow } from './ExportRow';

type Props = { items: ExportSummary[]; onElapsed: () => void };

const COLUMNS = ['Environment', 'Path', 'Format', 'Keys', 'Time left'];

export function ExportsTable({ items, onElapsed }: Props) {
  return (
    <DataTable columns={COLUMNS} scroll>
      {items.map((item) => (
        <ExportRow key={item.id} item={item} onElapsed={onElapsed} />
      ))}
    </DataTable>
  );
}
