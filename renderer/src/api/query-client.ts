import { QueryClient } from '@tanstack/react-query';
import type { ErrorCode } from '../../../shared/errors';
import { isLatchkeyError } from './client';

// Only these can succeed on a second try; everything else (bad input, forbidden, sealed…) needs the user.
const TRANSIENT: ReadonlySet<ErrorCode> = new Set(['BACKEND_UNAVAILABLE', 'RATE_LIMITED']);

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: (failureCount, error) => isLatchkeyError(error) && TRANSIENT.has(error.code) && failureCount < 2,
        // Main is local: refetching on focus keeps keychain/identity status honest after the user acts elsewhere.
        refetchOnWindowFocus: true,
        staleTime: 10_000,
      },
    },
  });
}

/** Marks every query under each of `keys` stale (active ones refetch now); settles once they answered. */
export function invalidate(client: QueryClient, keys: readonly string[]): Promise<unknown> {
  return Promise.all(keys.map((key) => client.invalidateQueries({ queryKey: [key] })));
}
