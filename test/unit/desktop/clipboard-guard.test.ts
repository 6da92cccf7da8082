import { describe, expect, it } from 'vitest';
import { createClipboardGuard } from '../../../electron/desktop/clipboard-guard';

/** A clipboard holding one text, and timers the test fires by hand. */
function world() {
  const clipboard = { text: '', cleared: 0, writeText: async (t: string) => void (clipboard.text = t), readText: async () => clipboard.text, clear: () => void ((clipboard.text = ''), clipboard.cleared++) };
  const timers: Array<{ fn: () => void; ms: number; cancelled: boolean }> = [];
  const guard = createClipboardGuard(clipboard, {
    clearAfterMs: 30_000,
    timers: { set: (fn, ms) => timers.push({ fn, ms, cancelled: false }) - 1, clear: (i) => void (timers[i as number]!.cancelled = true) },
  });
  const fire = async () => {
    for (const t of timers) if (!t.cancelled) t.fn();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { clipboard, timers, guard, fire };
}

describe('clipboard guard', () => {
  it('clears the copied value after 30 s', async () => {
    const { clipboard, timers, guard, fire } = world();
    await guard.copy('fake-secret-not-real');
    expect(clipboard.text).toBe('fake-secret-not-real');
    expect(timers.map((t) => t.ms)).toEqual([30_000]);
    await fire();
    expect(clipboard.text).toBe('');
  });

  it('leaves the clipboard alone when the user copied something else since', async () => {
    const { clipboard, guard, fire } = world();
    await guard.copy('fake-secret-not-real');
    clipboard.text = 'the user copied this later';
    await fire();
    expect(clipboard.text).toBe('the user copied this later');
    expect(clipboard.cleared).toBe(0);
  });

  it('a second copy restarts the delay for the new value only', async () => {
    const { clipboard, timers, guard, fire } = world();
    await guard.copy('fake-first-not-real');
    await guard.copy('fake-second-not-real');
    expect(timers.map((t) => t.cancelled)).toEqual([true, false]);
    await fire();
    expect(clipboard.text).toBe('');
  });

  it('flush clears our copy at once (the app is quitting)', async () => {
    const { clipboard, guard } = world();
    await guard.copy('fake-secret-not-real');
    await guard.flush();
    expect(clipboard.text).toBe('');
  });
});
