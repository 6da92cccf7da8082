import { promises as fs } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { cli } from '../../support/cli';
import { vaultAccessTeam } from '../../support/vault-access-team';

/**
 * The access-request team on the real OpenBao (test/support/vault-access-team.ts), with a Latchkey home per
 * person that has the profile imported and is signed in through the CLI. `admin` signs in with the root
 * token (runs `admin setup`).
 */
export async function vaultTeam(openbao: { address: string; token: string }, tempDir: () => Promise<string>, options: { requestExpiry?: string } = {}) {
  const team = await vaultAccessTeam(openbao, options);
  const { people, passwords, profile } = team;

  async function home(who: keyof typeof people | 'admin'): Promise<string> {
    const dir = await tempDir();
    const file = path.join(dir, 'team.json');
    await fs.writeFile(file, JSON.stringify(profile));
    expect((await cli(['profile', 'import', file], { home: dir })).code).toBe(0);
    const login =
      who === 'admin'
        ? await cli(['login', 'acme', '--token-stdin'], { home: dir, stdin: `${openbao.token}\n` })
        : await cli(['login', 'acme', '--username', people[who].username, '--password-stdin'], { home: dir, stdin: `${passwords[who]}\n` });
    expect(login.code, login.stderr).toBe(0);
    return dir;
  }

  return { ...team, home };
}
