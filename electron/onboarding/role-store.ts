import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../fs/atomic';

export const ONBOARDING_FILE = 'onboarding.json';

const Saved = z.object({ version: z.literal(1), role: z.string().min(1).max(200) });

/**
 * The role this person chose on day one (`onboarding.json` in the data dir; no secret). The app's welcome
 * flow writes it; the checklist and `latchkey onboard` read it when no role is given.
 */
export class RoleStore {
  constructor(private readonly dataDir: string) {}

  private get file(): string {
    return path.join(this.dataDir, ONBOARDING_FILE);
  }

  /** The saved role, or null (none yet, or a file we cannot read: choosing again fixes it). */
  async load(): Promise<string | null> {
    try {
      const parsed = Saved.safeParse(JSON.parse(await fs.readFile(this.file, 'utf8')));
      return parsed.success ? parsed.data.role : null;
    } catch {
      return null;
    }
  }

  async save(role: string): Promise<void> {
    await writeFileAtomic(this.file, JSON.stringify({ version: 1, role }, null, 2) + '\n', { mode: 0o600 });
  }
}
