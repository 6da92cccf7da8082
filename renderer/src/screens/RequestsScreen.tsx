import { useCallback, useEffect, useRef, useState } from 'react';
import type { AccessRequestView } from '../../../shared/access';
import { isLatchkeyError } from '../api/client';
import { EmptyState } from '../components/EmptyState';
import { ErrorPanel } from '../components/ErrorPanel';
import { Loading } from '../components/Loading';
import { ScreenHeader } from '../components/ScreenHeader';
import { Section } from '../components/Section';
import { useAccessList } from '../requests/access-api';
import { DecideDialog } from '../requests/DecideDialog';
import { InboxRequest } from '../requests/InboxRequest';
import { MyRequest } from '../requests/MyRequest';

type Props = { onRequestAccess?: (ref: string) => void };

/**
 * Access requests: **To approve** (what others asked of me, and grants I may end) and **Mine** (status, time
 * left, give back, ask again, send again what could not be sent). Everything goes through `access:*`.
 */
export function RequestsScreen({ onRequestAccess }: Props) {
  const list = useAccessList();
  const [deciding, setDeciding] = useState<{ r: AccessRequestView; how: 'approve' | 'deny' } | null>(null);
  const [outcome, setOutcome] = useState<{ text: string; seq: number } | null>(null);
  const outcomeRef = useRef<HTMLParagraphElement>(null);
  const refresh = useCallback(() => void list.refetch(), [list]);
  // What just happened replaces the control that did it: the words take focus once shown.
  const announce = useCallback((text: string) => setOutcome((o) => ({ text, seq: (o?.seq ?? 0) + 1 })), []);
  useEffect(() => {
    if (outcome) outcomeRef.current?.focus();
  }, [outcome]);

  const requests = list.data?.requests ?? [];
  const inbox = requests.filter((r) => r.box === 'inbox');
  const mine = requests.filter((r) => r.box === 'mine');
  const noProfile = isLatchkeyError(list.error) && list.error.next?.action === 'profile-import';
  const askAgain = onRequestAccess ?? (() => undefined);

  return (
    <>
      <ScreenHeader title="Requests">Ask for access to an environment, or approve a teammate's request. Access that is granted ends by itself.</ScreenHeader>
      <div className="toolbar">
        <button type="button" className="button button-small" aria-disabled={list.isFetching} onClick={() => !list.isFetching && refresh()}>
          {list.isFetching && !list.isPending ? 'Checking…' : 'Refresh'}
        </button>
      </div>
      <div className="requests-notes">
        {outcome ? (
          <p ref={outcomeRef} key={outcome.seq} className="success" role="status" tabIndex={-1}>
            {outcome.text}
          </p>
        ) : null}
        {list.data?.problems.map((p) => (
          <div key={p.backend} className="notice" role="note">
            <p className="notice-message">Could not ask {p.backend}</p>
            <p className="notice-hint">{p.message}</p>
          </div>
        ))}
      </div>
      {list.isPending ? <Loading label="Looking for requests on each backend…" /> : null}
      {list.isError && !noProfile ? <ErrorPanel error={list.error} onRetry={refresh} /> : null}
      {noProfile || (list.data && requests.length === 0) ? (
        <EmptyState title="No access requests">
          <p>
            {noProfile ? 'Import the team profile your lead published first: it says who grants each environment. ' : ''}
            Ask for an environment from its details on the Environments screen ("Request access"): your requests appear here with their status,
            next to requests waiting for your approval. Access that is granted ends by itself when its time is up.
          </p>
        </EmptyState>
      ) : null}
      {inbox.length > 0 ? (
        <Section title="To approve" description="Requests waiting for your decision, and grants you approved that are still running.">
          <ul className="request-list">
            {inbox.map((r) => (
              <InboxRequest key={`inbox:${r.id}`} r={r} onDecide={(req, how) => setDeciding({ r: req, how })} onElapsed={refresh} onOutcome={announce} />
            ))}
          </ul>
        </Section>
      ) : null}
      {mine.length > 0 ? (
        <Section title="Mine">
          <ul className="request-list">
            {mine.map((r) => (
              <MyRequest key={`mine:${r.id}`} r={r} onAskAgain={askAgain} onRetry={refresh} retrying={list.isFetching} onElapsed={refresh} onOutcome={announce} />
            ))}
          </ul>
        </Section>
      ) : null}
      {deciding ? (
        <DecideDialog
          r={deciding.r}
          how={deciding.how}
          onClose={() => setDeciding(null)}
          onDecided={announce}
          fallbackFocus={() => outcomeRef.current ?? document.getElementById('main')}
        />
      ) : null}
    </>
  );
}
