/**
 * bench/pod-startup: pod startup latency on one real containerd node, from
 * each pod's create request to the watch event showing it Running (image
 * present, through the scheduler), p50/p99 for 1, 10 and 30 pods created at
 * once; then the k8ts process's RSS and CPU while idle with 30 pods; then
 * the runtime's floor (runtime-floor.ts: containerd driven through CRI
 * directly, no k8ts) for the same batches, in a namespace of its own.
 * Everything runs in a network namespace of its own (the e2e helper), so no
 * traffic leaves it. `--record` appends the run to docs/benchmarks.md.
 * Usage: node --import tsx bench/pod-startup/run.ts [--record]
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startNetnsNode, unsupported } from '../../test/e2e/containerd-node.ts';
import { REPO } from '../../test/e2e/helpers/paths.ts';
import { recordPodStartup } from './record.ts';

const run = promisify(execFile);
const why = unsupported();
if (why) { process.stderr.write(`bench/pod-startup: ${why}\n`); process.exit(1); }

/** utime+stime (ticks) and RSS (bytes) of a pid. */
function usage(pid: number): { ticks: number; rss: number } {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return { ticks: Number(f[11]) + Number(f[12]), rss: Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024 };
}

const load0 = loadavg();
const ms = (v: number) => `${Math.round(v)} ms`;
const rows: Array<[string, string, string]> = [];
const node = await startNetnsNode();
try {
  const { stdout, stderr } = await run('nsenter', [`--net=/run/netns/${node.netns}`, process.execPath, '--import', 'tsx', join(REPO, 'bench/pod-startup/measure.ts'),
    join(node.dir, 'admin.conf'), node.nodeName, 'w1', '1', '10', '30+keep'], { cwd: REPO, maxBuffer: 1 << 20 });
  const lat = JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, { n: number; p50: number; p99: number; max: number }>;
  const phases = JSON.parse(stderr.trim().split('\n').pop() || '[]') as Array<{ n: number; scheduledP99: number; nodeStatusP99: number }>;
  // The k8ts process (API server, controllers, scheduler and kubelet in one) and containerd, found by their namespace.
  const pids = (await run('ip', ['netns', 'pids', node.netns])).stdout.split('\n').filter(Boolean).map(Number);
  const cmd = (p: number) => { try { return readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0').join(' '); } catch { return ''; } };
  const k8ts = pids.find((p) => / init --runtime containerd/.test(cmd(p)) && !/nsenter/.test(cmd(p).split(' ')[0]!));
  const ctrd = pids.find((p) => /^containerd /.test(cmd(p)) || /\/containerd --config/.test(cmd(p)));
  await new Promise((r) => setTimeout(r, 10_000));
  const hz = 100;
  const a = k8ts ? usage(k8ts) : undefined;
  const c0 = ctrd ? usage(ctrd) : undefined;
  await new Promise((r) => setTimeout(r, 30_000));
  const b = k8ts ? usage(k8ts) : undefined;
  const c1 = ctrd ? usage(ctrd) : undefined;
  const cpu = (x?: { ticks: number }, y?: { ticks: number }) => (x && y ? `${(((y.ticks - x.ticks) / hz / 30) * 100).toFixed(2)}%` : 'n/a');
  for (const n of ['1', '10', '30']) {
    const r = lat[n];
    if (r) rows.push([`${n} pod(s) at once: p50 / p99 / max`, `${ms(r.p50)} / ${ms(r.p99)} / ${ms(r.max)}`, n === '30' ? 'p99 <= 1.5 s' : '']);
  }
  const p30 = phases.find((p) => p.n === 30);
  if (p30) rows.push(['30 pods: p99 until scheduled / until the first kubelet status', `${ms(p30.scheduledP99)} / ${ms(p30.nodeStatusP99)}`, '']);
  rows.push(['k8ts process RSS, idle with 30 pods (API server + controllers + scheduler + kubelet)', b ? `${(b.rss / 2 ** 20).toFixed(0)} MiB` : 'n/a', '']);
  rows.push(['k8ts process CPU, idle with 30 pods (30 s)', cpu(a, b), '']);
  rows.push(['containerd CPU, idle with 30 pods (30 s)', cpu(c0, c1), '']);
} finally {
  await node.dispose();
}
// After the node is gone, so that nothing else runs beside it.
for (const [n, r] of Object.entries(await runtimeFloor(['1', '10', '30']))) {
  rows.push([`runtime floor, ${n} pod(s) at once (containerd through CRI, no k8ts): p50 / p99`, `${ms(r.p50)} / ${ms(r.p99)}`, '']);
}
process.stdout.write(`${rows.map((r) => r.join(' | ')).join('\n')}\n`);
if (process.argv.includes('--record')) recordPodStartup({ rows, argv: process.argv.slice(2), load: [load0, loadavg()] });

/** runtime-floor.ts in a network namespace and data dir of its own. */
async function runtimeFloor(batches: string[]): Promise<Record<string, { p50: number; p99: number }>> {
  const ns = `k8ts-floor-${randomBytes(3).toString('hex')}`;
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-floor-'));
  await run('ip', ['netns', 'add', ns]);
  try {
    await run('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
    const { stdout } = await run('nsenter', [`--net=/run/netns/${ns}`, process.execPath, '--import', 'tsx', join(REPO, 'bench/pod-startup/runtime-floor.ts'), dir, ...batches],
      { cwd: REPO, maxBuffer: 1 << 20 });
    return JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, { p50: number; p99: number }>;
  } finally {
    await run('ip', ['netns', 'del', ns]).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}
