import type { ReactNode } from 'react';

type Props = { title: string; children?: ReactNode };

/** The one h1 per screen, with an optional lead paragraph. */
export function ScreenHeader({ title, children }: Props) {
  return (
    <header className="screen-header">
      <h1>{title}</h1>
      {children ? <p className="lead">{children}</p> : null}
    </header>
  );
}
