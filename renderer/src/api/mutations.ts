import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ChannelInput } from '../../../shared/contract';
import { call } from './client';

/**
 * Reveals one value. A mutation, not a query, on purpose: a value must never sit in the query cache where
 * another screen (or a refetch on focus) could pick it up. `gcTime: 0` drops it from the mutation cache as
 * soon as the panel that asked for it is gone; the panel also calls `reset()` when it hides the value.
 */
export function useRevealSecret() {
  return useMutation({
    mutationFn: (input: ChannelInput<'secrets:reveal'>) => call('secrets:reveal', input),
    gcTime: 0,
    retry: false,
  });
}

export function useCreateExport() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: ChannelInput<'exports:create'>) => call('exports:create', input),
    onSettled: () => client.invalidateQueries({ queryKey: ['exports:list'] }),
  });
}

export function useRevokeExport() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call('exports:revoke', { id }),
    onSettled: () => client.invalidateQueries({ queryKey: ['exports:list'] }),
  });
}

export function useExtendExport() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: ChannelInput<'exports:extend'>) => call('exports:extend', input),
    onSettled: () => client.invalidateQueries({ queryKey: ['exports:list'] }),
  });
}

/** Appends the git guard's line for an export path to the repository's .gitignore. */
export function useIgnorePath() {
  return useMutation({ mutationFn: (path: string) => call('exports:ignorePath', { path }) });
}

export function useShowInFolder() {
  return useMutation({ mutationFn: (id: string) => call('exports:showInFolder', { id }) });
}

export function useVerifyAudit() {
  return useMutation({ mutationFn: () => call('audit:verify', {}), retry: false });
}
