import type { KeychainStatus } from '../../../shared/contract';
import { Fact } from '../components/Fact';
import { StatusBadge, type Tone } from '../components/StatusBadge';

const LABELS: Record<KeychainStatus['backend'], { text: string; tone: Tone }> = {
  keychain: { text: 'OS keychain', tone: 'good' },
  passphrase: { text: 'Passphrase store', tone: 'warn' },
  unavailable: { text: 'Unavailable', tone: 'bad' },
};

/** Where tokens and the device key are kept; `detail` from main says why, in words. */
export function KeychainFact({ status }: { status: KeychainStatus }) {
  const label = LABELS[status.backend];
  return (
    <Fact term="Key storage">
      <StatusBadge tone={label.tone}>{label.text}</StatusBadge>
      <span className="fact-detail">{status.detail}</span>
    </Fact>
  );
}
