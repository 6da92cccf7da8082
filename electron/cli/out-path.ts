import path from 'node:path';

/**
 * `--out` as an absolute path (the agent works in another folder than the command), keeping a trailing
 * slash: `name/` names a folder, and the export service refuses it rather than write a file `name`.
 * Zod-free: the thin CLI uses it too.
 */
export function absoluteOut(cwd: string, out: string): string {
  const absolute = path.resolve(cwd, out);
  return /[\\/]$/.test(out) && absolute !== path.parse(absolute).root ? `${absolute}${path.sep}` : absolute;
}
