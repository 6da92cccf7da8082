import { describe, expect, it } from 'vitest';
import type { BackendStatus, ChecklistEnvironment } from '../../../shared/onboarding';
import { requestPlan } from '../../../renderer/src/onboarding/request-plan';
import { nextLabel, STATE_WORDS } from '../../../renderer/src/setup/backend-words';
import { signInMethods } from '../../../renderer/src/setup/sign-in-methods';

const missing = (ref: string, maxTtl: string | null): ChecklistEnvironment => ({
  ref, backend: 'acme', access: 'requestable', state: 'missing', detail: null, request: null, defaultTtl: null, maxTtl, approvers: ['lead'], next: null,
});

describe('day one in the window', () => {
  it('Request all missing: one duration for all, capped at each environment\'s max', () => {
    expect(requestPlan([missing('acme:a/x', '4h'), missing('acme:a/y', null), missing('acme:a/z', '2d')], '8h')).toEqual([
      { ref: 'acme:a/x', duration: '4h', capped: true },
      { ref: 'acme:a/y', duration: '8h', capped: false },
      { ref: 'acme:a/z', duration: '8h', capped: false },
    ]);
  });

  it('never words a refused sign-in as signed in; the next step is a button with the right words', () => {
    expect(STATE_WORDS.refused.label).toBe('Sign-in refused');
    expect(Object.entries(STATE_WORDS).filter(([, w]) => w.label === 'Signed in').map(([state]) => state)).toEqual(['signed-in']);
    const status = (state: BackendStatus['state'], next: BackendStatus['next']): BackendStatus =>
      ({ name: 'acme', kind: 'vault', url: null, authMethod: 'token', state, identity: null, expiresAt: null, detail: '', checkedAt: '', next }) as BackendStatus;
    expect(nextLabel(status('refused', { action: 'login', backend: 'acme' }))).toBe('Sign in again');
    expect(nextLabel(status('signed-out', { action: 'login', backend: 'acme' }))).toBe('Sign in');
    expect(nextLabel(status('unreachable', { action: 'retry' }))).toBe('Retry');
    expect(nextLabel(status('sealed', { action: 'doctor' }))).toBe('Run checks');
    expect(nextLabel(status('signed-in', null))).toBeNull();
  });

  it('offers the configured sign-in first; a person on Infisical may use the browser or email and password', () => {
    expect(signInMethods('vault', 'userpass')).toEqual(['userpass']);
    expect(signInMethods('vault', 'oidc')).toEqual(['oidc']);
    expect(signInMethods('infisical', 'user')).toEqual(['user', 'password']);
    expect(signInMethods('infisical', 'password')).toEqual(['password', 'user']);
    expect(signInMethods('infisical', 'universal')).toEqual(['universal']);
    expect(signInMethods('doppler', 'token')).toEqual(['token']);
    expect(signInMethods('aws', 'chain')).toEqual(['chain', 'keys']);
    expect(signInMethods('aws', 'keys')).toEqual(['keys', 'chain']);
    // A method this window does not know (a newer backend kind) falls back to a token field.
    expect(signInMethods(null, 'iam')).toEqual(['token']);
  });
});
