import { useId, type ReactNode } from 'react';

type Props = { term: string; children: ReactNode };

/** One term/value row of a <dl>. The value is labelled by its term so it can be found by name. */
export function Fact({ term, children }: Props) {
  const id = useId();
  return (
    <div className="fact">
      <dt id={id}>{term}</dt>
      <dd aria-labelledby={id}>{children}</dd>
    </div>
  );
}
