import { toAppError } from '../../errors';
import type { Services } from '../../services';
import type { DoctorCheck, DoctorProbe } from './doctor';

/** One doctor line per configured backend: can we reach it, and does our token still work? */
export const backendsProbe: DoctorProbe = async (services: Services): Promise<DoctorCheck[]> => {
  const { backends, registry } = services;
  const configs = await backends.list();
  return Promise.all(
    configs.map(async (config): Promise<DoctorCheck> => {
      const name = `backend ${config.name}`;
      try {
        const health = await (await registry.get(config.name)).health();
        if (!health.reachable) return { name, ok: false, detail: health.detail, hint: `Check ${config.url} and your network or VPN.` };
        // Sealed: signing in again would fail too, so do not suggest it.
        if (health.sealed) return { name, ok: false, detail: health.detail, hint: 'Ask an operator to unseal it, then run `latchkey doctor` again.' };
        if (!health.signedIn) return { name, ok: false, detail: health.detail, hint: `Run: latchkey login ${config.name}` };
        return { name, ok: true, detail: health.detail };
      } catch (error) {
        return { name, ok: false, detail: toAppError(error).message };
      }
    }),
  );
};
