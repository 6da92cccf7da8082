import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { ChannelInput } from '../../../shared/contract';
import { call } from './client';
import { invalidate } from './query-client';

/** What a change to backends, sign-ins, the profile or the role makes out of date. */
const SETUP_QUERIES = ['profile:show', 'backends:list', 'backends:status', 'catalog:list', 'onboarding:checklist'];

export const refreshSetup = (client: QueryClient): Promise<unknown> => invalidate(client, SETUP_QUERIES);

/** Imports a team profile's text (`profile:import`); a CONFLICT carries the changes to confirm. No secret in it. */
export function useImportProfile() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: ChannelInput<'profile:import'>) => call('profile:import', input),
    onSuccess: () => refreshSetup(client),
  });
}

export function useChooseRole() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (role: string) => call('onboarding:chooseRole', { role }),
    onSuccess: () => refreshSetup(client),
  });
}

export function useSignOut() {
  const client = useQueryClient();
  return useMutation({ mutationFn: (backend: string) => call('backends:signOut', { backend }), onSettled: () => refreshSetup(client) });
}

export function useRemoveBackend() {
  const client = useQueryClient();
  return useMutation({ mutationFn: (name: string) => call('backends:remove', { name }), onSettled: () => refreshSetup(client) });
}

/** Adds (or replaces) a backend; no secret in a config. */
export function useAddBackend() {
  const client = useQueryClient();
  return useMutation({ mutationFn: (input: ChannelInput<'backends:add'>) => call('backends:add', input), onSuccess: () => refreshSetup(client) });
}

export function useInstallCli() {
  const client = useQueryClient();
  return useMutation({ mutationFn: () => call('cli:install', {}), onSettled: () => client.invalidateQueries({ queryKey: ['cli:status'] }) });
}

/** Asks the backend again now (the "Retry" and "Run checks" buttons). */
export function useRecheck() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => call('backends:status', { refresh: true }),
    onSuccess: (status) => {
      client.setQueriesData({ queryKey: ['backends:status'] }, status);
      void client.invalidateQueries({ queryKey: ['catalog:list'] });
      void client.invalidateQueries({ queryKey: ['onboarding:checklist'] });
    },
  });
}
