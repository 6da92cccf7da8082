import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { BackendConfig } from '../../shared/backends';
import { AppError } from '../../shared/errors';
import { writeFileAtomic } from '../fs/atomic';
import { describeZodIssue } from './zod-issues';

/** backends.json: which backends this user talks to. Addresses and auth methods only — tokens live in
 *  the keychain under `backend:<name>`, so this file is safe to read, back up or attach to a bug report. */
const BackendsFile = z.object({ version: z.literal(1), backends: z.array(BackendConfig) });

export const BACKENDS_FILE = 'backends.json';

export class BackendsStore {
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, BACKENDS_FILE);
  }

  async list(): Promise<BackendConfig[]> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw this.corrupt('it is not valid JSON');
    }
    const parsed = BackendsFile.safeParse(json);
    if (!parsed.success) throw this.corrupt(describeZodIssue(parsed.error.issues[0]));
    return parsed.data.backends;
  }

  async get(name: string): Promise<BackendConfig> {
    const found = (await this.list()).find((b) => b.name === name);
    if (!found) {
      throw new AppError('NOT_FOUND', `No backend named "${name}" is configured.`,
        'Check the name against the configured backends, or add it (directly or by importing the team profile).', { next: { action: 'backends-add' } });
    }
    return found;
  }

  /** Adds a backend, or replaces the one with the same name (a profile import refreshes its backends). */
  async upsert(config: BackendConfig): Promise<'added' | 'updated'> {
    const valid = BackendConfig.parse(config);
    const backends = await this.list();
    const index = backends.findIndex((b) => b.name === valid.name);
    if (index === -1) backends.push(valid);
    else backends[index] = valid;
    await this.save(backends);
    return index === -1 ? 'added' : 'updated';
  }

  async remove(name: string): Promise<void> {
    const backends = await this.list();
    if (!backends.some((b) => b.name === name)) await this.get(name);
    await this.save(backends.filter((b) => b.name !== name));
  }

  private async save(backends: BackendConfig[]): Promise<void> {
    const body: z.infer<typeof BackendsFile> = { version: 1, backends };
    await writeFileAtomic(this.file, JSON.stringify(body, null, 2) + '\n', { mode: 0o600 });
  }

  private corrupt(why: string): AppError {
    return new AppError('BAD_REQUEST', `${this.file} could not be read: ${why}.`,
      'Fix or delete the file, then add your backends again (no secrets are stored in it).');
  }
}
