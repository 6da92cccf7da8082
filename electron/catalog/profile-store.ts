import { promises as fs } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import { TeamProfile } from '../../shared/profile';
import { describeZodIssue } from '../config/zod-issues';
import { writeFileAtomic } from '../fs/atomic';

export const PROFILE_FILE = 'profile.json';

/** Parses a team profile, naming the JSON path of the first bad field so a person can find it. */
export function parseTeamProfile(text: string, source: string): TeamProfile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new AppError('BAD_REQUEST', `${source} is not valid JSON (${(error as Error).message}).`,
      'Ask your team lead for the profile file again, or fix the syntax error.');
  }
  const parsed = TeamProfile.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues;
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
    throw new AppError('BAD_REQUEST', `${source} is not a valid team profile: ${describeZodIssue(issues[0])}${more}.`,
      'Fix that field (or ask your team lead for a corrected profile) and import it again.');
  }
  assertUniqueRefs(parsed.data, source);
  return parsed.data;
}

function assertUniqueRefs(profile: TeamProfile, source: string): void {
  const seen = new Set<string>();
  profile.environments.forEach((env, index) => {
    if (seen.has(env.ref)) {
      throw new AppError('BAD_REQUEST', `${source} is not a valid team profile: environments[${index}].ref: "${env.ref}" is listed twice.`,
        'Keep one entry per environment.');
    }
    seen.add(env.ref);
  });
}

/** The imported team profile, kept as profile.json in the data dir (it holds no secrets). */
export class ProfileStore {
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, PROFILE_FILE);
  }

  async load(): Promise<TeamProfile | null> {
    try {
      return parseTeamProfile(await fs.readFile(this.file, 'utf8'), this.file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async save(profile: TeamProfile): Promise<void> {
    await writeFileAtomic(this.file, JSON.stringify(profile, null, 2) + '\n', { mode: 0o600 });
  }
}
