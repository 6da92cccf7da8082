import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { rootClient } from '../test/integration/catalog/openbao-fixture';

/** Temp dirs the bench made; all removed by cleanup(), also after a failure. */
const made: string[] = [];
export async function tempDir(label: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `latchkey-bench-${label}-`));
  made.push(dir);
  return dir;
}
export async function removeTempDirs(): Promise<void> {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

export type Root = ReturnType<typeof rootClient>;
export { rootClient };

/** Fake, obviously-not-real values of a fixed size, so the bytes per key do not vary between sizes. */
export function fakeValues(keys: number): Record<string, string> {
  const values: Record<string, string> = {};
  for (let i = 0; i < keys; i++) values[`BENCH_KEY_${String(i).padStart(4, '0')}`] = `fake-value-not-real-${i}-${'x'.repeat(24)}`;
  return values;
}
