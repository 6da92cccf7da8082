import { useId, type ReactNode } from 'react';

type Props = { title: string; description?: string; children: ReactNode };

/** A titled card; the heading names the region for screen readers. */
export function Section({ title, description, children }: Props) {
  const id = useId();
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {description ? <p className="card-description">{description}</p> : null}
      {children}
    </section>
  );
}
