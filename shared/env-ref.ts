// `<backend>:<project>/<env>` without zod: the schema (shared/backends.ts) and the thin CLI, which checks a
// typed ref before it asks the agent and must not load zod (every millisecond of its start-up counts).

export const REF_SHAPE = /^([a-z0-9][a-z0-9-]*):([^/\s]+)\/([^/\s]+)$/;

/** `.` or `..` as a path segment (either slash): URL parsing would resolve it and leave the KV mount. */
export function hasDotSegment(path: string): boolean {
  return path.split(/[/\\]/).some((segment) => segment === '.' || segment === '..');
}

/** What EnvRef accepts: the shape, and neither project nor env `.` or `..`. */
export function isEnvRef(ref: string): boolean {
  const match = REF_SHAPE.exec(ref);
  return match !== null && !hasDotSegment(match[2]!) && !hasDotSegment(match[3]!);
}
