import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef, useState } from 'react';
import type { ChannelInput, SignedIn } from '../../../shared/contract';
import { call } from '../api/client';
import { refreshSetup } from '../api/setup-mutations';

export type Credentials = ChannelInput<'backends:signIn'>['credentials'];

type State = { status: 'idle' } | { status: 'pending' } | { status: 'done'; signedIn: SignedIn } | { status: 'error'; error: unknown };

/**
 * Signs in to one backend. Not a react-query mutation on purpose: a mutation keeps its variables (the password,
 * the token) in its cache for as long as it lives. Here the credentials exist only in this call's closure
 * until main answers; React state holds the outcome, never what was sent.
 */
export function useSignIn(backend: string) {
  const client = useQueryClient();
  const [state, setState] = useState<State>({ status: 'idle' });
  const inFlight = useRef(false);
  const signIn = useCallback(
    async (credentials: Credentials) => {
      if (inFlight.current) return;
      inFlight.current = true;
      setState({ status: 'pending' });
      try {
        const signedIn = await call('backends:signIn', { backend, credentials });
        setState({ status: 'done', signedIn });
      } catch (error) {
        setState({ status: 'error', error });
      } finally {
        inFlight.current = false;
        await refreshSetup(client);
      }
    },
    [backend, client],
  );
  const reset = useCallback(() => setState({ status: 'idle' }), []);
  return { state, signIn, reset };
}
