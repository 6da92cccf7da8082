import { EmptyState } from '../components/EmptyState';
import { ScreenHeader } from '../components/ScreenHeader';

export function RequestsScreen() {
  return (
    <>
      <ScreenHeader title="Requests">Ask for access to an environment, or approve a teammate's request.</ScreenHeader>
      <EmptyState title="No access requests">
        <p>
          Requests you make — an environment, how long you need it and why — appear here with their status, next to
          requests waiting for your approval. Access that is granted ends by itself when its time is up.
        </p>
      </EmptyState>
    </>
  );
}
