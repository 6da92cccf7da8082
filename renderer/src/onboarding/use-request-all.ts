import { useMutation, useQueryClient } from '@tanstack/react-query';
import { call } from '../api/client';
import { invalidate } from '../api/query-client';
import { ACCESS_QUERIES } from '../requests/access-api';

export type RequestOutcome = { ref: string; duration: string; capped: boolean; id: string | null; error: unknown };

/** One `access:request` per environment, in turn, with the same reason; each outcome is kept (one may fail). */
export function useRequestAll() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: { reason: string; plan: Array<{ ref: string; duration: string; capped: boolean }> }): Promise<RequestOutcome[]> => {
      const outcomes: RequestOutcome[] = [];
      for (const item of input.plan) {
        try {
          const view = await call('access:request', { ref: item.ref, reason: input.reason, duration: item.duration });
          outcomes.push({ ...item, id: view.id, error: null });
        } catch (error) {
          outcomes.push({ ...item, id: null, error });
        }
      }
      return outcomes;
    },
    onSettled: () => invalidate(client, ['onboarding:checklist', ...ACCESS_QUERIES]),
  });
}
