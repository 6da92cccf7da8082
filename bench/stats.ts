import { performance } from 'node:perf_hooks';

export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Runs `fn` `runs` times (after `warmup` unmeasured runs) and returns each run's wall time in ms. */
export async function timeRuns<T>(runs: number, fn: () => Promise<T>, warmup = 1): Promise<{ ms: number[]; last: T }> {
  let last!: T;
  for (let i = 0; i < warmup; i++) last = await fn();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    last = await fn();
    ms.push(performance.now() - start);
  }
  return { ms, last };
}

export const fmtMs = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));
export const fmtRatio = (r: number) => `${r >= 10 ? r.toFixed(0) : r.toFixed(2)}×`;

/** A markdown table: header row, separator, rows; numbers right-aligned. */
export function table(header: string[], rows: Array<Array<string | number>>): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length), 3));
  const line = (r: string[]) => `| ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  const sep = `|${widths.map((w, i) => (i === 0 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(cells[0]!), sep, ...cells.slice(1).map(line)].join('\n');
}
