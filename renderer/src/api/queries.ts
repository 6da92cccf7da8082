import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { call } from './client';

/** Version, data dir, platform and keychain status from main (`app:info`). */
export function useAppInfo() {
  return useQuery({ queryKey: ['app:info'], queryFn: () => call('app:info', {}) });
}

/** Whether this device has its keypair yet, and its fingerprint (`identity:status`). */
export function useIdentityStatus() {
  return useQuery({ queryKey: ['identity:status'], queryFn: () => call('identity:status', {}) });
}

/** Configured backends and whether a token for each is in the keychain (`backends:list`). */
export function useBackends() {
  return useQuery({ queryKey: ['backends:list'], queryFn: () => call('backends:list', {}) });
}

/** The imported team profile's name and roles, or null before an import (`profile:show`). */
export function useProfile() {
  return useQuery({ queryKey: ['profile:show'], queryFn: () => call('profile:show', {}) });
}

/** Environments across backends with this user's access, optionally narrowed to one profile role. */
export function useCatalog(role: string | null) {
  return useQuery({
    queryKey: ['catalog:list', role],
    queryFn: () => call('catalog:list', role === null ? {} : { role }),
    // Keep the table while another role loads, instead of flashing "loading".
    placeholderData: keepPreviousData,
  });
}

/** Names, versions and ages of one environment's secrets — never values (`secrets:describe`). */
export function useSecretDescription(ref: string | null) {
  return useQuery({
    queryKey: ['secrets:describe', ref],
    queryFn: () => call('secrets:describe', { ref: ref! }),
    enabled: ref !== null,
  });
}

/** Active exports (expired ones are swept by main before it answers). */
export function useExports() {
  return useQuery({ queryKey: ['exports:list'], queryFn: () => call('exports:list', {}) });
}
