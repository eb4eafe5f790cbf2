import { readFileSync } from 'node:fs';
const [file, pattern, depthArg] = process.argv.slice(2);
const p = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map<number, any>(p.nodes.map((n: any) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const key = (n: any) => `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber + 1}`;
const depth = Number(depthArg ?? 1);
const agg = new Map<string, number>();
p.samples.forEach((id: number, i: number) => {
  const stack: any[] = [];
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) stack.push(byId.get(at));
  const idx = stack.findIndex((n) => key(n).includes(pattern));
  if (idx < 0) return;
  const chain = stack.slice(Math.max(0, idx - depth), idx).reverse().map(key).join(' > ') || '(self)';
  agg.set(chain, (agg.get(chain) ?? 0) + p.timeDeltas[i]);
});
for (const [k, us] of [...agg].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`);
