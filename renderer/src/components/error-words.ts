import type { ErrorCode, NextStep } from '../../../shared/errors';

/** A plain-language title per error code; the code itself is shown small, for support and search. */
export const ERROR_TITLES: Record<ErrorCode, string> = {
  BAD_REQUEST: 'That did not work',
  UNAUTHENTICATED: 'Sign-in needed',
  FORBIDDEN: 'No access',
  NOT_FOUND: 'Not found',
  CONFLICT: 'Already there',
  RATE_LIMITED: 'Too many requests',
  BACKEND_UNAVAILABLE: 'Backend unreachable',
  SEALED: 'Vault is sealed',
  KEYCHAIN_UNAVAILABLE: 'Keychain unavailable',
  UNSAFE_TARGET: 'Not a safe place for secrets',
  EXPIRED: 'Expired',
  INTERNAL: 'Something went wrong',
};

/** The label of the button that performs a next step, where the app can perform it. */
export function nextStepLabel(next: NextStep): string {
  switch (next.action) {
    case 'add-gitignore':
      return `Add ${next.line} to .gitignore`;
    case 'extend-export':
      return 'Extend the export';
    case 'revoke-export':
      return 'Revoke the export';
    case 'retry':
      return 'Try again';
    default:
      return nextStepText(next);
  }
}

/** The next step in words, where the app offers no button for it (yet). */
export function nextStepText(next: NextStep): string {
  switch (next.action) {
    case 'login':
      return `Sign in to ${next.backend} again.`;
    case 'profile-import':
      return 'Import the team profile your lead sent you.';
    case 'backends-add':
      return 'Add the backend first.';
    case 'doctor':
      return 'Check this device: the keychain and each backend.';
    case 'init-passphrase-store':
      return 'Set up the passphrase-protected store for your keys.';
    case 'list-envs':
      return 'See the environments you can use.';
    case 'describe':
      return `See the keys of ${next.ref}.`;
    case 'list-exports':
      return 'See the active exports.';
    case 'extend-export':
      return 'Extend that export on the Exports screen.';
    case 'revoke-export':
      return 'Revoke that export on the Exports screen.';
    case 'run':
      return `Run your command with the secrets of ${next.ref} injected instead ("Run…" in its details): no file at all.`;
    case 'replace-file':
      return 'The app never replaces a file it did not write; move it aside or choose another name.';
    case 'request-access':
      return `Ask for access to ${next.ref}.`;
    case 'add-gitignore':
      return `Add ${next.line} to ${next.path}.`;
    case 'list-requests':
      return 'See your access requests.';
    case 'approve-device':
      return `Compare the device fingerprint ${next.fingerprint} with the requester before approving.`;
    case 'admin-setup':
      return `Ask an admin to set up access requests on ${next.backend}.`;
    case 'accept-changes':
      return `Review and accept the changes to ${next.backend}.`;
    case 'replace-backend':
      return `Replace the backend ${next.backend} on purpose.`;
    case 'allow-insecure-http':
      return `Allow plain http:// for ${next.backend} only if you trust the network.`;
    case 'retry':
      return 'Try again.';
    case 'choose-role':
      return 'Choose your role in the team.';
    case 'aws-sso-login':
      return `Sign in to AWS again with the AWS CLI's SSO login${next.profile ? ` for the profile ${next.profile}` : ''}.`;
  }
}
