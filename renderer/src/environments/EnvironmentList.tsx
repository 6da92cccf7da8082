import { useVirtualizer } from '@tanstack/react-virtual';
import { useImperativeHandle, useRef, type KeyboardEvent, type Ref } from 'react';
import type { CatalogEnvironment } from '../../../shared/contract';
import { EnvironmentRow } from './EnvironmentRow';

/** Fixed row height (no per-row measuring): matches `.env-row` in environments.css. */
const ROW_HEIGHT = 56;

export type EnvironmentListHandle = {
  /** Scrolls `ref`'s row into view and focuses its button; false when the list does not show it. */
  focusRow(ref: string): boolean;
  focusFirst(): boolean;
};

type Props = {
  rows: CatalogEnvironment[];
  selected: string | null;
  onOpen: (ref: string) => void;
  handle?: Ref<EnvironmentListHandle>;
};

/**
 * Every environment in one list, virtualized: only the rows in view (plus a few) are in the DOM, so 50,000
 * cost what 30 do. ARIA table semantics with `aria-rowcount`/`aria-rowindex`, so a screen reader still
 * hears "row 4,012 of 50,001". Up/Down move between rows' buttons, scrolling as they go.
 */
export function EnvironmentList({ rows, selected, onOpen, handle }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    initialRect: { width: 800, height: 600 },
  });

  const focusIndex = (index: number): boolean => {
    if (index < 0 || index >= rows.length) return false;
    const find = () => scrollRef.current?.querySelector<HTMLButtonElement>(`[data-index="${index}"] button`);
    const present = find();
    if (present) {
      present.focus();
      return true;
    }
    virtualizer.scrollToIndex(index, { align: 'auto' });
    // The row renders once the virtualizer has seen the scroll: look for it for a few frames.
    let frames = 0;
    const attempt = () => {
      const row = find();
      if (row) row.focus();
      else if (++frames < 20) requestAnimationFrame(attempt);
    };
    requestAnimationFrame(attempt);
    return true;
  };

  useImperativeHandle(handle, () => ({
    focusRow: (ref) => focusIndex(rows.findIndex((r) => r.ref === ref)),
    focusFirst: () => focusIndex(0),
  }));

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const row = (event.target as HTMLElement).closest<HTMLElement>('[data-index]');
    if (!row) return;
    const step = event.key === 'ArrowDown' ? 1 : -1;
    if (focusIndex(Number(row.dataset.index) + step)) event.preventDefault();
  };

  return (
    <div role="table" aria-label="Environments" aria-rowcount={rows.length + 1} className="env-table">
      <div role="rowgroup" className="env-head">
        <div role="row" aria-rowindex={1} className="env-row env-row-head">
          <span role="columnheader" className="env-cell env-name">
            Environment
          </span>
          <span role="columnheader" className="env-cell env-backend">
            Backend
          </span>
          <span role="columnheader" className="env-cell env-access">
            Access
          </span>
          <span role="columnheader" className="env-cell env-action">
            <span className="visually-hidden">Action</span>
          </span>
        </div>
      </div>
      <div role="rowgroup" className="env-scroll" ref={scrollRef} onKeyDown={onKeyDown}>
        <div role="none" className="env-sizer" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const env = rows[item.index]!;
            return <EnvironmentRow key={env.ref} env={env} index={item.index} top={item.start} selected={env.ref === selected} onOpen={onOpen} />;
          })}
        </div>
      </div>
    </div>
  );
}
