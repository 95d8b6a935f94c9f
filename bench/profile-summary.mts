/**
 * Where a server's CPU went: `tsx bench/profile-summary.mts <file.cpuprofile> [top=25]` sums the
 * self time of a V8 CPU profile (node --cpu-prof, see bench/respondent-path.mts SERVER_NODE_ARGS)
 * by area (Prisma's query compiler, Prisma's runtime, Next/React, node internals, our code …) and
 * lists the heaviest functions.
 */
import { readFileSync } from 'node:fs';

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

const [file, topArg = '25'] = process.argv.slice(2);
if (!file) throw new Error('usage: tsx bench/profile-summary.mts <file.cpuprofile> [top]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

const AREAS: [string, RegExp][] = [
  ['prisma query compiler (wasm)', /query_compiler|wasm:\/\//],
  ['prisma runtime + adapter', /@prisma|generated\/(sqlite|postgres)\/runtime|adapter-/],
  ['better-sqlite3 / pg', /better-sqlite3|node_modules\/pg/],
  ['next server', /next\/dist\/(server|compiled\/next-server)|next\/dist\/compiled\/(?!react)/],
  ['react / flight', /react-server-dom|react-dom|compiled\/react|node_modules\/react\//],
  ['next-intl / use-intl', /next-intl|use-intl|intl-messageformat|@formatjs/],
  ['zod', /node_modules\/zod/],
  ['iron-session / crypto libs', /iron-session|iron-webcrypto|uncrypto/],
  ['app code (.next server chunks)', /\.next\/server/],
  ['our sources', /\/work\/main\/(src|scripts)\//],
  ['node internals', /^node:|^internal\//],
];
const area = (n: Node) => {
  const url = n.callFrame.url;
  if (!url) return n.callFrame.functionName === '(garbage collector)' ? 'GC' : n.callFrame.functionName === '(idle)' ? 'idle' : n.callFrame.functionName === '(program)' ? 'program (native)' : 'native';
  return AREAS.find(([, re]) => re.test(url))?.[0] ?? 'other';
};

const areaTotals = new Map<string, number>();
const fnTotals = new Map<string, number>();
let busy = 0;
for (const [id, us] of selfUs) {
  const node = byId.get(id)!;
  const a = area(node);
  areaTotals.set(a, (areaTotals.get(a) ?? 0) + us);
  if (a !== 'idle') busy += us;
  const key = `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/\/work\/main\//, '')}:${node.callFrame.lineNumber}`;
  fnTotals.set(key, (fnTotals.get(key) ?? 0) + us);
}
const pct = (us: number) => `${((us / busy) * 100).toFixed(1)} %`;
console.log(`busy ${(busy / 1e6).toFixed(2)} s of ${((profile.endTime - profile.startTime) / 1e6).toFixed(2)} s`);
for (const [a, us] of [...areaTotals].filter(([a]) => a !== 'idle').sort((x, y) => y[1] - x[1])) console.log(`${pct(us).padStart(7)}  ${a}`);
console.log('--- heaviest functions (self time)');
for (const [k, us] of [...fnTotals].sort((x, y) => y[1] - x[1]).slice(0, Number(topArg))) console.log(`${pct(us).padStart(7)}  ${k.slice(0, 160)}`);
