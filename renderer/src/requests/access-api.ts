import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { AccessOpen } from '../../../shared/access';
import type { ChannelInput } from '../../../shared/contract';
import { call } from '../api/client';
import { invalidate } from '../api/query-client';

const LIST = ['access:list'] as const;

/** What a change to a request makes out of date: the lists, and the environments (a grant makes one readable). */
export const ACCESS_QUERIES = ['access:list', 'catalog:list'] as const;

export const refreshAccess = (client: QueryClient): Promise<unknown> => invalidate(client, ACCESS_QUERIES);

/**
 * Mine and the ones waiting for me, in one answer (main sends requests made while a backend was down
 * before it lists, so a refetch is also "try sending again").
 */
export function useAccessList() {
  return useQuery({ queryKey: LIST, queryFn: () => call('access:list', { box: 'all' }) });
}

/** The rules of a request for `ref` and this device's fingerprint (`access:requestForm`). */
export function useRequestForm(ref: string) {
  return useQuery({ queryKey: ['access:requestForm', ref], queryFn: () => call('access:requestForm', { ref }), staleTime: 60_000 });
}

/** After any change to a request (not waited for: the mutation settles at once). */
function useSettled() {
  const client = useQueryClient();
  return () => void refreshAccess(client);
}

export function useRequestAccess() {
  const onSettled = useSettled();
  return useMutation({ mutationFn: (input: ChannelInput<'access:request'>) => call('access:request', input), onSettled });
}

export function useApprove() {
  const onSettled = useSettled();
  return useMutation({ mutationFn: (input: ChannelInput<'access:approve'>) => call('access:approve', input), onSettled });
}

export function useDeny() {
  const onSettled = useSettled();
  return useMutation({ mutationFn: (input: ChannelInput<'access:deny'>) => call('access:deny', input), onSettled });
}

export type EndAction = 'access:cancel' | 'access:giveBack' | 'access:revokeGrant';

/** Cancel (mine, pending), give back (mine, granted), revoke (an approver, a grant): all end a request. */
export function useEndRequest(action: EndAction) {
  const onSettled = useSettled();
  return useMutation({ mutationFn: (id: string) => call(action, { id }), onSettled });
}

/**
 * Main's access events: `access:changed` refreshes the lists and the environments; `access:open` (a click
 * on a desktop notification) goes to `onOpen`. Mounted once by the App.
 */
export function useAccessEvents(onOpen: (open: AccessOpen) => void): void {
  const client = useQueryClient();
  const openRef = useRef(onOpen);
  openRef.current = onOpen;
  useEffect(() => {
    const api = window.latchkey;
    if (!api) return undefined;
    const offChanged = api.on('access:changed', () => void refreshAccess(client));
    const offOpen = api.on('access:open', (open) => openRef.current(open));
    return () => {
      offChanged();
      offOpen();
    };
  }, [client]);
}
