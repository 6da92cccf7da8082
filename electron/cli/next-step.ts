import type { NextStep } from '../../shared/errors';
import { runCommandLine } from '../../shared/run-command';

/** The command that performs a service's suggested next step (the app shows the same step as a button). */
export function commandFor(next: NextStep): string | null {
  switch (next.action) {
    case 'login':
      if (next.via === 'browser') return `latchkey login ${next.backend} --user`;
      if (next.via === 'password') return `latchkey login ${next.backend} --email ${next.email ?? '<email>'} --password-stdin`;
      return `latchkey login ${next.backend}`;
    case 'profile-import':
      return 'latchkey profile import <file>';
    case 'backends-add':
      return 'latchkey backends add <kind> --name <name> --url <url>';
    case 'doctor':
      return 'latchkey doctor';
    case 'init-passphrase-store':
      return 'latchkey doctor --init-passphrase-store';
    case 'list-envs':
      return 'latchkey envs';
    case 'describe':
      return `latchkey secrets ${next.ref}`;
    case 'list-exports':
      return 'latchkey exports';
    case 'extend-export':
      return `latchkey extend ${next.id} --ttl <duration>`;
    case 'revoke-export':
      return `latchkey revoke ${next.id}`;
    case 'run':
      return runCommandLine(next.ref, '<command>');
    case 'replace-file':
      return "the same command again with --replace (that file's content is lost)";
    case 'request-access':
      return `latchkey request ${next.ref} --reason "…" --duration <duration>`;
    case 'list-requests':
      return 'latchkey requests';
    case 'approve-device':
      return `latchkey approve ${next.id} --device ${next.fingerprint}`;
    case 'admin-setup':
      return `latchkey admin setup ${next.backend}`;
    case 'add-gitignore':
      return null; // rendered as text: the line to add to .gitignore
    case 'accept-changes':
      return 'the same command again with --accept-changes';
    case 'replace-backend':
      return 'the same command again with --replace (or another --name)';
    case 'allow-insecure-http':
      return 'the same command again with --insecure-http';
    case 'retry':
      return null;
    case 'choose-role':
      return 'latchkey onboard --role <role>';
    case 'aws-sso-login':
      return next.profile ? `aws sso login --profile ${next.profile}` : 'aws sso login';
  }
}

/** One line for the terminal under `hint:`, or null when the step is only words. */
export function nextStepLine(next: NextStep): string | null {
  if (next.action === 'add-gitignore') return `add this line to ${next.path}: ${next.line}`;
  const command = commandFor(next);
  return command === null ? null : `run: ${command}`;
}
