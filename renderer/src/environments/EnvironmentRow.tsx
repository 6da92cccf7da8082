import { memo } from 'react';
import type { CatalogEnvironment } from '../../../shared/contract';
import { AccessBadge } from './AccessBadge';
import { KIND_LABELS, KIND_SHORT } from './backend-groups';

type Props = {
  env: CatalogEnvironment;
  index: number;
  top: number;
  selected: boolean;
  onOpen: (ref: string) => void;
};

const SOURCE = { profile: 'profile', discovered: 'discovered' } as const;

/** One environment: ref and where it lives, backend, access, and the one action (open its details). */
export const EnvironmentRow = memo(function EnvironmentRow({ env, index, top, selected, onOpen }: Props) {
  const label = env.access === 'granted' ? 'Open' : 'Details';
  const note = env.access === 'unknown' && env.problem ? env.problem : `${env.project} · ${env.env} · ${SOURCE[env.source]}`;
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      data-index={index}
      className={selected ? 'env-row is-selected' : 'env-row'}
      style={{ transform: `translateY(${top}px)` }}
      onClick={(event) => {
        // The whole row opens the details for a mouse; the button is the way in for keyboards.
        if (!(event.target as HTMLElement).closest('button')) event.currentTarget.querySelector('button')?.click();
      }}
    >
      <div role="rowheader" className="env-cell env-name">
        <code className="env-ref" title={env.ref}>
          {env.ref}
        </code>
        <span className="env-note" title={note}>
          {note}
        </span>
      </div>
      <div role="cell" className="env-cell env-backend" title={env.kind ? KIND_LABELS[env.kind] : 'Not configured'}>
        {env.kind ? KIND_SHORT[env.kind] : '—'}
      </div>
      <div role="cell" className="env-cell env-access">
        <AccessBadge access={env.access} reason={env.problem} />
      </div>
      <div role="cell" className="env-cell env-action">
        <button
          type="button"
          className="button button-small"
          aria-label={`${label} ${env.ref}`}
          aria-haspopup="dialog"
          aria-expanded={selected}
          onClick={() => onOpen(env.ref)}
        >
          {label}
        </button>
      </div>
    </div>
  );
});
