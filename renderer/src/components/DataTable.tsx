import type { ReactNode } from 'react';

type Props = {
  /** Visible column headers, in order. A last, visually hidden "Actions" column holds each row's buttons. */
  columns: readonly string[];
  /** Wrap in a horizontally scrolling box, for tables wide enough to overflow a narrow window. */
  scroll?: boolean;
  /** No trailing "Actions" column (rows have no buttons). */
  noActions?: boolean;
  /** The body rows (`<tr>`s), each with a row header and one cell per remaining column. */
  children: ReactNode;
};

/** The app's list table: column headers screen readers can announce, then the caller's rows. */
export function DataTable({ columns, scroll = false, noActions = false, children }: Props) {
  const table = (
    <table className="table">
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column} scope="col">
              {column}
            </th>
          ))}
          {noActions ? null : (
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          )}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
  return scroll ? <div className="table-scroll">{table}</div> : table;
}
