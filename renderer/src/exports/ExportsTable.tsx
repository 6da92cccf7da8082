import type { ExportSummary } from '../../../shared/contract';
import { ExportRow } from './ExportRow';

type Props = { items: ExportSummary[]; onElapsed: () => void };

export function ExportsTable({ items, onElapsed }: Props) {
  return (
    <div className="table-scroll">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Environment</th>
            <th scope="col">Path</th>
            <th scope="col">Format</th>
            <th scope="col">Keys</th>
            <th scope="col">Time left</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <ExportRow key={item.id} item={item} onElapsed={onElapsed} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
