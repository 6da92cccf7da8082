import { AppError } from '../../../shared/errors';
import type { DopplerClient } from '../../backends/doppler/client';
import type { SetupChange } from '../backend';

/**
 * The Doppler side of access requests: a project (default `latchkey`) with an environment whose root
 * config (default `requests`) holds the ledger. Granting members read/write on it stays with the admin.
 */
export async function setupDoppler(client: DopplerClient, where: { project: string; config: string }, options: { dryRun: boolean }): Promise<SetupChange[]> {
  if (where.config.includes('_')) {
    throw new AppError('BAD_REQUEST', `The ledger config "${where.config}" looks like a branch config; Latchkey creates it as the root config of its own environment.`,
      'Use a name without "_" in the team profile (access.doppler.config).');
  }
  const changes: SetupChange[] = [];
  const exists = async (path: string, query: Record<string, string>, what: string) => {
    try {
      await client.call({ method: 'GET', path, query, what });
      return true;
    } catch (error) {
      if (error instanceof AppError && error.code === 'NOT_FOUND') return false;
      throw error;
    }
  };

  const projectThere = await exists('/v3/projects/project', { project: where.project }, `project ${where.project}`);
  changes.push({ what: `project ${where.project}`, action: projectThere ? 'unchanged' : 'create', detail: 'holds the request ledger' });
  if (!projectThere && !options.dryRun) {
    await client.call({ method: 'POST', path: '/v3/projects', body: { name: where.project, description: 'Latchkey access requests' }, what: `project ${where.project}` });
  }

  const envThere = projectThere && (await exists('/v3/environments/environment', { project: where.project, environment: where.config }, `environment ${where.config}`));
  changes.push({ what: `config ${where.project}/${where.config}`, action: envThere ? 'unchanged' : 'create', detail: 'one signed record per request; give members read/write' });
  if (!envThere && !options.dryRun) {
    await client.call({ method: 'POST', path: '/v3/environments', query: { project: where.project }, body: { name: where.config, slug: where.config }, what: `environment ${where.config}` });
  }
  return changes;
}
