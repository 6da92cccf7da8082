import { durationSeconds } from '../../../shared/profile';
import type { ChecklistEnvironment } from '../../../shared/onboarding';

export const DURATION_CHOICES = ['1h', '4h', '8h', '1d'] as const;

/**
 * "Request all missing": one reason and one duration for every missing environment, each request capped at
 * that environment's maxTtl (main refuses more; asking for the cap is what the person would do next).
 */
export function requestPlan(missing: ChecklistEnvironment[], duration: string): Array<{ ref: string; duration: string; capped: boolean }> {
  return missing.map((env) => {
    const capped = env.maxTtl !== null && durationSeconds(env.maxTtl) < durationSeconds(duration);
    return { ref: env.ref, duration: capped ? env.maxTtl! : duration, capped };
  });
}
