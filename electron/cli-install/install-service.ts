import { promises as fs } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import type { CliInstall } from '../../shared/onboarding';
import type { AuditLog } from '../audit/audit-log';
import { writeFileAtomic } from '../fs/atomic';
import { LAUNCHER_MARKER, launcherPath, launcherText, onPath, pathHint, type CliRuntime, type LauncherPlace } from './launcher';

export interface CliInstallDeps extends LauncherPlace {
  /** What runs the shipped CLI; undefined where there is nothing to install from (the CLI itself). */
  runtime: CliRuntime | undefined;
  audit: AuditLog;
}

/**
 * "Install the `latchkey` command": writes a small launcher into a per-user bin folder that runs the CLI
 * shipped with this app (VS Code's `code` command works the same way). It never overwrites a file it did not
 * write, and each install is in the audit log (`cli.install`).
 */
export class CliInstallService {
  constructor(private readonly deps: CliInstallDeps) {}

  private get file(): string {
    return launcherPath(this.deps);
  }

  async status(): Promise<CliInstall> {
    const file = this.file;
    const dir = (this.deps.platform === 'win32' ? path.win32 : path.posix).dirname(file);
    const inPath = onPath(dir, this.deps);
    return { platform: this.deps.platform, path: file, state: await this.state(), onPath: inPath, pathHint: inPath ? null : pathHint(dir, this.deps.platform) };
  }

  async install(): Promise<CliInstall> {
    const runtime = this.runtime();
    const before = await this.state();
    if (before === 'foreign') {
      throw new AppError('CONFLICT', `${this.file} already exists and Latchkey did not write it, so it was left alone.`,
        'Remove or rename that file yourself if it is an old copy, then install again.');
    }
    const file = this.file;
    // 0755: a command everyone may run; it holds paths, never a secret.
    await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o755 });
    await writeFileAtomic(file, launcherText(this.deps.platform, runtime), { mode: 0o755 });
    await this.deps.audit.append({ action: 'cli.install', target: file, outcome: 'ok', details: { replaced: before !== 'missing', runtime: runtime.command } });
    return this.status();
  }

  private runtime(): CliRuntime {
    if (!this.deps.runtime) {
      throw new AppError('BAD_REQUEST', 'This Latchkey has no CLI to install: the command is installed from the desktop app.', 'Open Settings in the Latchkey app.');
    }
    return this.deps.runtime;
  }

  private async state(): Promise<CliInstall['state']> {
    const text = await fs.readFile(this.file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw error;
    });
    if (text === null) return 'missing';
    if (!text.includes(LAUNCHER_MARKER)) return 'foreign';
    return this.deps.runtime && text === launcherText(this.deps.platform, this.deps.runtime) ? 'installed' : 'outdated';
  }
}
