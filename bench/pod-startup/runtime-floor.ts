/**
 * The runtime's own floor for a pod burst: containerd (k8ts's generated
 * config, the same CNI network and image) driven directly through CRI, with
 * no API server, scheduler or kubelet: for N pods at once, RunPodSandbox,
 * CreateContainer and StartContainer with the sandbox and container configs
 * the kubelet builds, timed from the first call to StartContainer's answer.
 * Whatever k8ts does, a pod cannot start faster than this on the machine.
 * Runs inside the network namespace run.ts creates for it (root); prints one
 * JSON line. Usage: tsx bench/pod-startup/runtime-floor.ts DIR N...
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { nullLogger } from '../../src/base/logger.ts';
import type { KObject } from '../../src/api/types.ts';
import { containerConfig, sandboxConfig } from '../../src/node/kubelet/runtime-config.ts';
import { writeCniConfig } from '../../src/node/network/cni-config.ts';
import { ensurePodMasquerade } from '../../src/node/network/masquerade.ts';
import { CriRuntime } from '../../src/node/runtime/cri/cri-runtime.ts';
import { BUSYBOX_IMAGE, containerdPaths } from '../../src/node/runtime/containerd/config.ts';
import { imageArchives, importImage, REPO_IMAGES_DIR } from '../../src/node/runtime/containerd/images.ts';
import { startContainerd } from '../../src/node/runtime/containerd/process.ts';
import { resetNode } from '../../src/node/runtime/containerd/reset.ts';

const [dir, ...counts] = process.argv.slice(2) as [string, ...string[]];
const paths = containerdPaths(dir);
const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] as number; };

const proc = await startContainerd(paths, nullLogger);
const rt = new CriRuntime({ endpoint: proc.endpoint });
const out: Record<string, { p50: number; p99: number }> = {};
try {
  for (const f of await imageArchives([REPO_IMAGES_DIR])) await importImage(paths.socket, f);
  await writeCniConfig(paths.cniConfDir, { podCIDR: '10.89.0.0/24', dataDir: paths.cniDataDir });
  await ensurePodMasquerade('10.89.0.0/24');
  // containerd reloads the CNI config asynchronously.
  await new Promise((r) => setTimeout(r, 1500));
  const podLogsDir = join(dir, 'pods');
  const one = async (round: number, i: number): Promise<number> => {
    const pod = { metadata: { name: `floor-${round}-${i}`, namespace: 'default', uid: randomUUID() }, spec: {} } as unknown as KObject;
    const spec = { name: 'c', image: BUSYBOX_IMAGE, command: ['sleep', '3600'] };
    const t0 = performance.now();
    const sb = sandboxConfig(pod, 0, { podLogsDir });
    const id = await rt.runPodSandbox(sb);
    const cid = await rt.createContainer(id, containerConfig(pod, spec, 0, false, { envs: [], opts: { podLogsDir } }), sb);
    await rt.startContainer(cid);
    return performance.now() - t0;
  };
  await one(0, 0); // warm-up
  let round = 1;
  for (const c of counts) {
    const n = Number(c);
    const lat = await Promise.all(Array.from({ length: n }, (_, i) => one(round, i)));
    out[String(n)] = { p50: pct(lat, 50), p99: pct(lat, 99) };
    round++;
    for (const sb of await rt.listPodSandbox()) { await rt.stopPodSandbox(sb.id); await rt.removePodSandbox(sb.id); }
  }
} finally {
  await rt.close();
  await proc.stop();
  await resetNode(dir, '/k8ts-floor', nullLogger);
}
process.stdout.write(`${JSON.stringify(out)}\n`);
