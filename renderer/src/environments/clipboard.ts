import { useMutation } from '@tanstack/react-query';
import type { ChannelInput } from '../../../shared/contract';
import { runCommandLine } from '../../../shared/run-command';
import { call } from '../api/client';
import { useCapabilities } from '../api/queries';

export const CLIPBOARD_CLEAR_SECONDS = 30;

/**
 * In a plain browser page (no desktop app around it) the window copies itself: one audited reveal, then the
 * page clipboard, cleared after 30 s if it still holds what we copied (compared by hash; if the browser
 * will not let us read it back, we leave it: what is there may be the user's own).
 */
async function copyInPage(text: string): Promise<void> {
  await navigator.clipboard.writeText(text);
  const mine = await digest(text);
  setTimeout(() => {
    void (async () => {
      const now = await navigator.clipboard.readText();
      if ((await digest(now)) === mine) await navigator.clipboard.writeText('');
    })().catch(() => undefined);
  }, CLIPBOARD_CLEAR_SECONDS * 1000);
}

async function digest(text: string): Promise<string> {
  const bytes = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Copies one secret. In the app, main reads it and writes the clipboard (`secrets:copy`): the value never
 * reaches this window. Either way the copy is audited and cleared after 30 s.
 */
export function useCopySecret() {
  const capabilities = useCapabilities();
  return useMutation({
    mutationFn: async (input: ChannelInput<'secrets:copy'>) => {
      if (capabilities.data?.clipboard) return (await call('secrets:copy', input)).clearAfterSeconds;
      const { value } = await call('secrets:reveal', input);
      await copyInPage(value);
      return CLIPBOARD_CLEAR_SECONDS;
    },
    gcTime: 0,
    retry: false,
  });
}

/** Copies `latchkey run <ref> -- <command>`; not a secret, so it stays on the clipboard. */
export function useCopyRunCommand() {
  const capabilities = useCapabilities();
  return useMutation({
    mutationFn: async (input: ChannelInput<'clipboard:copyRunCommand'>) => {
      if (capabilities.data?.clipboard) return (await call('clipboard:copyRunCommand', input)).text;
      const text = runCommandLine(input.ref, input.command);
      await navigator.clipboard.writeText(text);
      return text;
    },
  });
}
