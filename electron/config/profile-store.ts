import { promises as fs } from 'node:fs';
import path from 'node:path';
import { INSECURE_HTTP_RULE } from '../../shared/backends';
import { AppError } from '../../shared/errors';
import { MAX_PROFILE_BYTES, TeamProfile } from '../../shared/profile';
import { writeFileAtomic } from '../fs/atomic';
import { describeZodIssue } from './zod-issues';

export const PROFILE_FILE = 'profile.json';

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** A profile larger than this is refused before it is parsed (a 16 MiB team file is already absurd). */
export function assertProfileSize(bytes: number, source: string): void {
  if (bytes > MAX_PROFILE_BYTES) {
    throw new AppError('BAD_REQUEST', `${source} is ${mib(bytes)} (${bytes} bytes); a team profile may be at most ${mib(MAX_PROFILE_BYTES)}.`,
      'Check that this is the team profile your lead sent; it should be a small JSON file.');
  }
}

/** Parses a team profile's text, naming the JSON path of the first bad field so a person can find it. */
export function parseTeamProfile(text: string, source: string): TeamProfile {
  assertProfileSize(Buffer.byteLength(text, 'utf8'), source);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new AppError('BAD_REQUEST', `${source} is not valid JSON (${(error as Error).message}).`,
      'Ask your team lead for the profile file again, or fix the syntax error.');
  }
  return validateTeamProfile(json, source);
}

/** Checks already-parsed profile JSON (the app may hand it over parsed). */
export function validateTeamProfile(json: unknown, source: string): TeamProfile {
  const parsed = TeamProfile.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues;
    const first = issues[0];
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
    const insecure = first?.code === 'custom' && first.params?.rule === INSECURE_HTTP_RULE;
    throw new AppError('BAD_REQUEST', `${source} is not a valid team profile: ${describeZodIssue(first)}${more}.`,
      insecure
        ? 'Use an https:// address; if your team accepts unencrypted traffic to that server, set "allowInsecureHttp": true on that backend in the profile.'
        : 'Fix that field (or ask your team lead for a corrected profile) and import it again.');
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
