import type { ReactNode } from 'react';

type Props = { title: string; children: ReactNode };

/** Honest placeholder: says what will appear here, not a fake list. */
export function EmptyState({ title, children }: Props) {
  return (
    <section className="empty-state" aria-label={title}>
      <h2>{title}</h2>
      <div className="empty-state-body">{children}</div>
    </section>
  );
}
