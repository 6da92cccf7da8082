import type { ExportSummary } from '../../../shared/contract';
import { DataTable } from '../components/DataTable';
import { useNow } from '../time';
import { ExportRow } from './ExportRow';

type Props = { items: ExportSummary[]; onElapsed: () => void; canShowInFolder: boolean };

const COLUMNS = ['Environment', 'File', 'Created', 'Time left'];

export function ExportsTable({ items, onElapsed, canShowInFolder }: Props) {
  const now = useNow(30_000);
  return (
    <DataTable columns={COLUMNS} scroll>
      {items.map((item) => (
        <ExportRow key={item.id} item={item} onElapsed={onElapsed} now={now} canShowInFolder={canShowInFolder} />
      ))}
    </DataTable>
  );
}
