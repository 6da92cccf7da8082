// Summarises a V8 .cpuprofile (node --cpu-prof): self time by package / source file, largest first.
// Usage: npx tsx bench/cpuprofile-summary.ts <file.cpuprofile> [top]
import { readFileSync } from 'node:fs';

interface ProfileNode { id: number; callFrame: { functionName: string; url: string }; children?: number[] }
interface CpuProfile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

const [file, topText] = process.argv.slice(2);
if (!file) throw new Error('usage: cpuprofile-summary.ts <file.cpuprofile> [top]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

/** node_modules/<pkg> (or @scope/pkg), the bundle, node internals, or the program's idle/GC buckets. */
function bucket(node: ProfileNode): string {
  const { url, functionName } = node.callFrame;
  if (!url) return `(${functionName || 'anonymous'})`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return `npm: ${pkg[1]}`;
  if (url.startsWith('node:')) return 'node internals';
  return url.replace(/^file:\/\//, '').replace(/^.*\/(bench|dist-electron)\//, '$1/');
}

const totals = new Map<string, number>();
for (const [id, us] of selfUs) {
  const key = bucket(byId.get(id)!);
  totals.set(key, (totals.get(key) ?? 0) + us);
}
const wall = (profile.endTime - profile.startTime) / 1000;
console.log(`profiled wall time ${wall.toFixed(0)} ms; self time by where the code lives:`);
for (const [key, us] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, Number(topText ?? 15))) {
  console.log(`${(us / 1000).toFixed(1).padStart(8)} ms  ${key}`);
}
