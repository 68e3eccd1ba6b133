/**
 * The scheduling algorithm alone (no API server): SchedulingBasic-shaped
 * nodes and pods through the default profile and the cache, assuming each
 * placement as the scheduler does. Shows the ceiling the scheduler puts on
 * throughput independent of API round trips.
 *
 *   node --import tsx bench/scheduler/cycle.ts [--nodes 500,1000,5000] [--pods 10000]
 */
import { parseArgs } from 'node:util';
import { SchedulerCache } from '../../src/control-plane/scheduler/cache.ts';
import { Framework } from '../../src/control-plane/scheduler/framework.ts';
import { newPodInfo } from '../../src/control-plane/scheduler/pod-info.ts';
import { defaultProfile } from '../../src/control-plane/scheduler/plugins/registry.ts';
import type { ClusterView } from '../../src/control-plane/scheduler/types.ts';

const { values: opt } = parseArgs({ options: { nodes: { type: 'string', default: '500,1000,5000' }, pods: { type: 'string', default: '10000' } } });

process.stdout.write('| nodes | pods | cycles/s | feasible nodes scored per pod |\n|---:|---:|---:|---:|\n');
for (const nodes of opt.nodes.split(',').map(Number)) {
  for (const pods of opt.pods.split(',').map(Number)) {
    const cache = new SchedulerCache();
    const res = { cpu: '4', memory: '32Gi', pods: '110' };
    for (let i = 0; i < nodes; i++) {
      cache.upsertNode({ metadata: { name: `node-${i}`, labels: { 'kubernetes.io/hostname': `node-${i}` } }, status: { allocatable: res, capacity: res } });
    }
    const view: ClusterView = { nodes: () => cache.nodes(), namespaceLabels: () => undefined, havePodsWithAffinity: () => cache.havePodsWithAffinity(),
      imageNodeCount: (i) => cache.imageNodeCount(i), nominatedPods: () => undefined };
    const fw = new Framework(defaultProfile());
    let scored = 0;
    const t0 = performance.now();
    for (let i = 0; i < pods; i++) {
      const pod = { metadata: { name: `pod-${i}`, namespace: 'default', uid: `u${i}` },
        spec: { containers: [{ name: 'pause', image: 'registry.k8s.io/pause:3.10', resources: { requests: { cpu: '100m', memory: '500Mi' } } }] } };
      const info = newPodInfo(pod, 0);
      const r = fw.schedule(info, view);
      scored += r.feasible;
      cache.assume(info, r.node);
    }
    const s = (performance.now() - t0) / 1000;
    process.stdout.write(`| ${nodes} | ${pods} | ${(pods / s).toFixed(0)} | ${(scored / pods).toFixed(0)} |\n`);
  }
}
