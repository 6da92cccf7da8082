import { useId, type ReactNode } from 'react';

type Props = { number: number; title: string; done?: boolean; waiting?: boolean; children?: ReactNode };

/** One numbered step of the welcome flow: a titled region, marked done or waiting for an earlier one. */
export function WelcomeStep({ number, title, done = false, waiting = false, children }: Props) {
  const id = useId();
  return (
    <section className={`card welcome-step${waiting ? ' welcome-step-waiting' : ''}`} aria-labelledby={id}>
      <h2 id={id}>
        <span className="step-number" aria-hidden="true">
          {done ? '✓' : number}
        </span>
        <span className="visually-hidden">{`Step ${number}${done ? ', done' : ''}: `}</span>
        {title}
      </h2>
      {children}
    </section>
  );
}
