import type { z } from 'zod';

/** `['environments', 3, 'ref']` → `environments[3].ref`: the path a person looks for in their JSON. */
export function jsonPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out || '(root)';
}

/**
 * One zod issue as `path: message`, e.g. `environments[3].ref: expected <backend>:<project>/<env>`. An unknown
 * field names its own path (`environments[0].maxTTL: unknown field`), which is where a person looks.
 */
export function describeZodIssue(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return 'unknown problem';
  if (issue.code === 'unrecognized_keys') {
    const names = issue.keys.map((key) => jsonPath([...issue.path, key]));
    return `${names.join(', ')}: unknown field${names.length > 1 ? 's' : ''}`;
  }
  return `${jsonPath(issue.path)}: ${issue.message}`;
}
