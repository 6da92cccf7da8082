import type { AccessRequestView } from '../../../shared/access';
import { StatusBadge } from '../components/StatusBadge';
import { TRUST_WORDS } from './request-words';

type Props = { device: AccessRequestView['device']; who: string; backend: string };

/**
 * The requesting device as an approver must read it: known, new (confirm its fingerprint), CHANGED (loud:
 * a different device for the same person), or an account-bound grant (Infisical: nothing to confirm).
 */
export function DeviceLine({ device, who, backend }: Props) {
  const words = TRUST_WORDS[device.trust];
  return (
    <span className={device.trust === 'changed' ? 'device-line device-changed' : 'device-line'}>
      <StatusBadge tone={words.tone}>{words.text}</StatusBadge>{' '}
      {device.fingerprint ? <code className="fingerprint">{device.fingerprint}</code> : null}
      {device.trust === 'changed' ? (
        <strong className="device-warning">
          {' '}
          {who} asks from a different device than the one you approved before. If they did not get a new computer, someone may be impersonating them.
        </strong>
      ) : null}
      {device.trust === 'account' ? <span className="muted"> {backend} adds the access to {who}'s own account: no device to confirm, nothing to intercept.</span> : null}
    </span>
  );
}
