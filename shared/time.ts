/**
 * How Latchkey writes lengths of time, in the terminal and in the app: one implementation, so a countdown
 * in the Exports screen and `latchkey exports` never disagree.
 */

/**
 * `7h59m`, `12m05s`, `40s`, `2d3h`: time left, as people read it (to the second under an hour).
 * `spaced: true` gives `7h 59m` (the app's countdowns).
 */
export function formatTimeLeft(seconds: number, options: { spaced?: boolean } = {}): string {
  const s = Math.max(0, Math.floor(seconds));
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const join = (a: string, b: string) => (options.spaced ? `${a} ${b}` : `${a}${b}`);
  if (d > 0) return join(`${d}d`, `${h}h`);
  if (h > 0) return join(`${h}h`, `${String(m).padStart(2, '0')}m`);
  if (m > 0) return join(`${m}m`, `${String(s % 60).padStart(2, '0')}s`);
  return `${s}s`;
}

/** `40 s`, `3 min`, `2 h`: a rough length for a sentence ("read 3 min ago", "waits 5 min"). */
export function formatRoughDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  if (seconds <= 5400) return `${Math.round(seconds / 60)} min`; // "60 min", not "1 h": the cache ceiling reads better so
  return `${Math.round(seconds / 3600)} h`;
}

/**
 * `8h`, `1h30m`, `2d`, `45s`: a length of time as people type it (a request's or a grant's duration), exact:
 * every unit that is not zero. `spaced: true` gives `1h 30m` (the app).
 */
export function formatDuration(seconds: number, options: { spaced?: boolean } = {}): string {
  let rest = Math.max(0, Math.floor(seconds));
  const parts: string[] = [];
  for (const [unit, size] of [['d', 86_400], ['h', 3600], ['m', 60], ['s', 1]] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n}${unit}`);
    rest -= n * size;
  }
  return parts.join(options.spaced ? ' ' : '') || '0s';
}
