import { useQuery } from '@tanstack/react-query';
import { call } from './client';

/** Version, data dir, platform and keychain status from main (`app:info`). */
export function useAppInfo() {
  return useQuery({ queryKey: ['app:info'], queryFn: () => call('app:info', {}) });
}

/** Whether this device has its keypair yet, and its fingerprint (`identity:status`). */
export function useIdentityStatus() {
  return useQuery({ queryKey: ['identity:status'], queryFn: () => call('identity:status', {}) });
}
