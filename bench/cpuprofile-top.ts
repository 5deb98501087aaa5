// Summarizes a V8 .cpuprofile (node --cpu-prof): self time by function and by file or package.
// Usage: npx tsx bench/cpuprofile-top.ts <file.cpuprofile> [--top 30] [--callers <function name> [--depth 6]]
// --callers prints the call stacks (--depth frames up, default 6) that the self time of that function comes from.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

type CallFrame = { functionName: string; url: string; lineNumber: number; columnNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame; hitCount?: number; children?: number[] };
type CpuProfile = { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] };

const { values, positionals } = parseArgs({ options: { top: { type: 'string' }, callers: { type: 'string' }, depth: { type: 'string' } }, allowPositionals: true });
const file = positionals[0];
if (!file) {
  console.error('usage: npx tsx bench/cpuprofile-top.ts <file.cpuprofile> [--top 30]');
  process.exit(2);
}
const top = Number(values.top ?? 30);
const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;

// Self time of a node = the time deltas of the samples that landed in it (microseconds).
const nodeById = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const totalUs = [...selfUs.values()].reduce((a, b) => a + b, 0);

const REPO = /\/work\/[^/]+\//;
function where(url: string): string {
  if (!url) return '';
  const path = url.replace(/^file:\/\//, '');
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (pkg) return `npm:${pkg[1]}`;
  if (path.startsWith('node:')) return path;
  return path.replace(REPO, '');
}

function fileOrPackage(url: string): string {
  const w = where(url);
  if (!w) return '(native / V8)';
  return w;
}

const byFunction = new Map<string, number>();
const byPlace = new Map<string, number>();
let idleUs = 0;
for (const [id, us] of selfUs) {
  const frame = nodeById.get(id)!.callFrame;
  if (frame.functionName === '(idle)') idleUs += us;
  const name = frame.functionName || '(anonymous)';
  const fnKey = frame.url ? `${name}  ${where(frame.url)}:${frame.lineNumber + 1}` : name;
  byFunction.set(fnKey, (byFunction.get(fnKey) ?? 0) + us);
  const placeKey = frame.url ? fileOrPackage(frame.url) : name.startsWith('(') ? name : '(native / V8)';
  byPlace.set(placeKey, (byPlace.get(placeKey) ?? 0) + us);
}

const busyUs = totalUs - idleUs;
const ms = (us: number) => (us / 1000).toFixed(0).padStart(7);
const pct = (us: number, of: number) => `${((us / of) * 100).toFixed(1).padStart(5)}%`;
const print = (title: string, map: Map<string, number>) => {
  console.log(`\n${title}`);
  console.log(`${'self ms'.padStart(7)}  ${'% busy'.padStart(6)}  function / place`);
  for (const [key, us] of [...map].sort((x, y) => y[1] - x[1]).slice(0, top)) {
    console.log(`${ms(us)}  ${key === '(idle)' ? '     -' : pct(us, busyUs)}  ${key}`);
  }
};

console.log(`${file}`);
console.log(`profiled ${(totalUs / 1e6).toFixed(1)} s, idle ${(idleUs / 1e6).toFixed(1)} s, busy ${(busyUs / 1e6).toFixed(1)} s (${pct(busyUs, totalUs).trim()} of one core)`);
print('Top self time by function', byFunction);
print('Self time by file or package', byPlace);

if (values.callers) {
  const parentOf = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parentOf.set(c, n.id);
  const frameName = (id: number) => {
    const f = nodeById.get(id)!.callFrame;
    return f.url ? `${f.functionName || '(anonymous)'} ${where(f.url)}:${f.lineNumber + 1}` : f.functionName || '(anonymous)';
  };
  const depth = Number(values.depth ?? 6);
  const stacks = new Map<string, number>();
  for (const [id, us] of selfUs) {
    if (nodeById.get(id)!.callFrame.functionName !== values.callers) continue;
    const chain: string[] = [];
    for (let p = parentOf.get(id); p !== undefined && chain.length < depth; p = parentOf.get(p)) chain.push(frameName(p));
    const key = chain.join('  <  ');
    stacks.set(key, (stacks.get(key) ?? 0) + us);
  }
  print(`Callers of ${values.callers}`, stacks);
}
