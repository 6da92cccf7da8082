import { lstat, mkdir, readFile, realpath, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FAKE_REF, fakeTeamServices } from '../../support/fake-team-services';
import { useTempDirs } from '../../support/temp-dir';
import { git, makeRepo } from './git-repo';

const tempDir = useTempDirs();

/** Services over a data dir, and a real git repository beside it. */
async function world(files: Record<string, string> = {}) {
  const root = await realpath(await tempDir());
  const services = await fakeTeamServices(path.join(root, 'data'));
  await mkdir(path.join(root, 'repo', 'services', 'api'), { recursive: true });
  const repo = makeRepo(path.join(root, 'repo'), files);
  return { services, repo };
}

describe('exports:ignorePath (the "Add to .gitignore" button)', () => {
  it('the refusal names the line as a next step; adding it appends exactly that line, audited, and the export then goes through', async () => {
    const { services, repo } = await world({ '.gitignore': 'node_modules' }); // no trailing newline
    const target = path.join(repo, 'services', 'api', '.env');
    const refused = await services.dispatch('exports:create', { ref: FAKE_REF, path: target });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'UNSAFE_TARGET', next: { action: 'add-gitignore', path: path.join(repo, '.gitignore'), line: '/services/api/.env' } },
    });

    const added = await services.dispatch('exports:ignorePath', { path: target });
    expect(added).toEqual({ ok: true, value: { gitignore: path.join(repo, '.gitignore'), line: '/services/api/.env', added: true, ignored: true } });
    expect(await readFile(path.join(repo, '.gitignore'), 'utf8')).toBe('node_modules\n/services/api/.env\n');
    expect(git(repo, 'check-ignore', '--', 'services/api/.env').trim()).toBe('services/api/.env');
    const entry = (await services.audit.list()).find((e) => e.action === 'gitignore.add');
    expect(entry).toMatchObject({ target: path.join(repo, '.gitignore'), outcome: 'ok', details: { line: '/services/api/.env', path: target, ignored: true } });

    const created = await services.dispatch('exports:create', { ref: FAKE_REF, path: target });
    expect(created).toMatchObject({ ok: true, value: { export: { path: target, overrideUsed: false } } });
    expect((await lstat(target)).mode & 0o777).toBe(0o600);

    // Asking again changes nothing: git already ignores it.
    expect(await services.dispatch('exports:ignorePath', { path: target })).toMatchObject({ ok: true, value: { added: false, ignored: true } });
    expect(await readFile(path.join(repo, '.gitignore'), 'utf8')).toBe('node_modules\n/services/api/.env\n');
  });

  it('creates the .gitignore when there is none, escaping special characters as the guard does', async () => {
    const { services, repo } = await world();
    const target = path.join(repo, 'a[1].env');
    expect(await services.dispatch('exports:ignorePath', { path: target })).toMatchObject({ ok: true, value: { line: '/a\\[1].env', ignored: true } });
    expect(await readFile(path.join(repo, '.gitignore'), 'utf8')).toBe('/a\\[1].env\n');
  });

  it('never writes through a linked .gitignore', async () => {
    const { services, repo } = await world();
    const elsewhere = path.join(path.dirname(repo), 'elsewhere.txt');
    await writeFile(elsewhere, 'untouched\n');
    await symlink(elsewhere, path.join(repo, '.gitignore'));
    expect(await services.dispatch('exports:ignorePath', { path: path.join(repo, '.env') })).toMatchObject({ ok: false, error: { code: 'UNSAFE_TARGET' } });
    expect(await readFile(elsewhere, 'utf8')).toBe('untouched\n');
    expect((await services.audit.list()).map((e) => [e.action, e.outcome])).toEqual([['gitignore.add', 'failed']]);
  });

  it('refuses a path outside any repository, and a relative one', async () => {
    const { services, repo } = await world();
    const outside = path.join(path.dirname(repo), 'data');
    expect(await services.dispatch('exports:ignorePath', { path: path.join(outside, '.env') })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', message: expect.stringContaining('not inside a git repository') },
    });
    expect(await services.dispatch('exports:ignorePath', { path: '.env' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringContaining('absolute path') } });
  });
});
