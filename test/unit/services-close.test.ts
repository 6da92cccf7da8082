import { promises as fs } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createServices } from '../../electron/services';
import { MemoryStore } from '../support/memory-store';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();

describe('services.close()', () => {
  it('waits for audit lines still being written (the app calls it on quit)', async () => {
    const services = await createServices({ dataDir: await tempDir(), secretStore: new MemoryStore() });
    let release!: () => void;
    const actionDone = new Promise<void>((resolve) => (release = resolve));
    void services.audit.append({ action: 'export.create', target: 'acme-vault:payments/dev', outcome: 'ok' }, { after: actionDone });
    let closed = false;
    const closing = services.close().then(() => (closed = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(closed).toBe(false);
    release();
    await closing;
    expect(await fs.readFile(services.audit.file, 'utf8')).toContain('"action":"export.create"');
  });
});
