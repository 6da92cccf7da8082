import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ChannelInput } from '../../../shared/contract';
import { call } from './client';

/** Version, data dir, platform and keychain status from main (`app:info`). */
export function useAppInfo() {
  return useQuery({ queryKey: ['app:info'], queryFn: () => call('app:info', {}) });
}

/** What the desktop around this window offers (save dialog, file manager, clipboard); fixed for the session. */
export function useCapabilities() {
  return useQuery({ queryKey: ['app:capabilities'], queryFn: () => call('app:capabilities', {}), staleTime: Infinity });
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

/**
 * Every environment across backends with this user's access. Roles are filtered in the window (the profile
 * lists each role's refs), so a role switch never asks every backend again.
 */
export function useCatalog() {
  return useQuery({
    queryKey: ['catalog:list'],
    queryFn: async () => {
      mark('catalog:list:request');
      const environments = await call('catalog:list', {});
      mark('catalog:list:response');
      return environments;
    },
    placeholderData: keepPreviousData,
  });
}

/** User Timing marks (DevTools, `npm run bench ui`); only the latest of each is kept. */
function mark(name: string): void {
  performance.clearMarks(name);
  performance.mark(name);
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

/** The TTLs an export of `ref` may have: its default and its max. */
export function useExportLimits(ref: string | null) {
  return useQuery({
    queryKey: ['exports:limits', ref],
    queryFn: () => call('exports:limits', { ref: ref! }),
    enabled: ref !== null && ref !== '',
  });
}

/** One page of the audit log, newest first, with the filter choices. */
export function useAuditLog(filter: ChannelInput<'audit:list'>) {
  return useQuery({ queryKey: ['audit:list', filter], queryFn: () => call('audit:list', filter), placeholderData: keepPreviousData });
}

/**
 * Each backend as its server answers (reachable, sealed, signed in as whom): Settings, notices, the checklist.
 * `fresh` (Settings): ask every backend again each time the screen opens, never show an earlier answer.
 */
export function useBackendStatus(options: { fresh?: boolean } = {}) {
  const fresh = options.fresh === true;
  return useQuery({
    queryKey: fresh ? ['backends:status', 'fresh'] : ['backends:status'],
    queryFn: () => call('backends:status', fresh ? { refresh: true } : {}),
    ...(fresh ? { staleTime: 0 } : {}),
  });
}

/** The day-one checklist of `role`; asks again every few seconds while a request waits for an approver. */
export function useChecklist(role: string | null) {
  return useQuery({
    queryKey: ['onboarding:checklist', role],
    queryFn: () => call('onboarding:checklist', { role: role! }),
    enabled: role !== null,
    placeholderData: keepPreviousData,
    refetchInterval: (query) => (query.state.data?.environments.some((e) => e.state === 'requested') ? 4_000 : false),
  });
}

/** Whether the `latchkey` command is installed for this user (`cli:status`). */
export function useCliInstall() {
  return useQuery({ queryKey: ['cli:status'], queryFn: () => call('cli:status', {}) });
}
