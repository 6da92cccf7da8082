import { EmptyState } from '../components/EmptyState';
import { ScreenHeader } from '../components/ScreenHeader';

export function ExportsScreen() {
  return (
    <>
      <ScreenHeader title="Exports">Local files written from an environment's secrets.</ScreenHeader>
      <EmptyState title="No active exports">
        <p>
          Each <code>.env</code> file you generate appears here with its environment, the keys it holds and when it
          expires. At expiry Latchkey removes the file and revokes the access created for it.
        </p>
      </EmptyState>
    </>
  );
}
