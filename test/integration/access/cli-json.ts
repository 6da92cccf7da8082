import { expect } from 'vitest';
import { cli } from '../../support/cli';

/** A JSON command that must succeed. */
export async function ok(args: string[], home: string, stdin?: string): Promise<any> {
  const result = await cli([...args, '--json'], { home, stdin });
  expect(result.code, `${args.join(' ')}\n${result.stderr}${result.stdout}`).toBe(0);
  return JSON.parse(result.stdout);
}

/** A JSON command that must fail: its error shape. */
export async function fails(args: string[], home: string): Promise<{ code: number; error: { code: string; message: string; hint?: string; next?: unknown } }> {
  const result = await cli([...args, '--json'], { home });
  expect(result.code, result.stdout).not.toBe(0);
  return { code: result.code, error: JSON.parse(result.stdout).error };
}
