import type { Locator, Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { expect } from './fixtures';
import { nav, pageOf } from './page-helpers';

export const exportRow = (scope: Page | Locator, file: string) => scope.getByRole('row').filter({ has: pageOf(scope).getByText(file, { exact: true }) });

export async function openExports(page: Page, rendererUrl: string): Promise<void> {
  await page.goto(rendererUrl);
  await nav(page, 'Exports').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Exports');
}

/** The export dialog, opened from the Exports screen's "New export…". */
export async function newExportDialog(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'New export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'New export' });
  await expect(dialog).toBeVisible();
  return dialog;
}

/**
 * A project folder beside the data dir (the fixture's temp folder holds both, and is not in a git
 * repository): Latchkey never writes an export inside its data dir.
 */
export async function projectDir(dataDir: string, name = 'project'): Promise<string> {
  const dir = path.join(path.dirname(dataDir), name);
  await mkdir(dir, { recursive: true });
  return dir;
}

/** A real git repository (plain `git init`), optionally with a .gitignore. */
export async function gitRepo(dataDir: string, gitignore?: string): Promise<string> {
  const repo = await projectDir(dataDir, 'repo');
  execFileSync('git', ['init', '-q', repo]);
  if (gitignore !== undefined) execFileSync('sh', ['-c', `printf '%s' "$1" > "$2/.gitignore"`, 'sh', gitignore, repo]);
  return repo;
}
