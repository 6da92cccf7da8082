/** `A,B , C,A` → ['A','B','C']: trimmed, no blanks, no duplicates. Zod-free for the thin CLI; parseKeyList checks it is not empty. */
export function splitKeyList(text: string): string[] {
  return [...new Set(text.split(',').map((k) => k.trim()).filter((k) => k !== ''))];
}
