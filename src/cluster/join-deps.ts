/**
 * The real node agent behind {@link JoinDeps}: the kubelet core from
 * src/node/kubelet with the runtime asked for: containerd (started as a
 * child process under DIR, or an existing CRI endpoint) or the simulated
 * runtime. Imported lazily so other commands do not load it.
 */
import { join } from 'node:path';
import { K8sError } from '../base/errors.ts';
import type { ContainerRuntime } from '../node/runtime/types.ts';
import type { JoinDeps } from './join.ts';

type AgentCfg = Parameters<JoinDeps['startNodeAgent']>[0];

/** DIR when none is given: the documented default. */
const DEFAULT_DIR = '/var/lib/k8ts';

async function openRuntime(cfg: AgentCfg, podCIDR: string): Promise<ContainerRuntime> {
  if (cfg.runtime === 'fake') {
    const mod = await import('../node/runtime/fake/fake-runtime.ts');
    return new mod.FakeRuntime({ podCIDR, logger: cfg.logger, rootfsDir: cfg.dataDir ? join(cfg.dataDir, 'fake-rootfs') : undefined });
  }
  if (cfg.runtime !== 'containerd') throw new K8sError('BadRequest', `unknown runtime ${String(cfg.runtime)}`);
  const mod = await import('../node/runtime/containerd/node-runtime.ts');
  return mod.startContainerdRuntime({ dir: cfg.dataDir ?? DEFAULT_DIR, podCIDR, endpoint: cfg.runtimeEndpoint, logger: cfg.logger });
}

/** The production dependencies of joinCluster. */
export const realJoinDeps: JoinDeps = {
  async startNodeAgent(cfg) {
    const [kubeletMod, ipPool, clientMod] = await Promise.all([
      import('../node/kubelet/kubelet.ts'),
      import('../node/runtime/fake/ip-pool.ts'),
      import('../client/rest-client.ts'),
    ]);
    const c = cfg.conn;
    const runtime = await openRuntime(cfg, ipPool.derivedPodCIDR(cfg.nodeName));
    const client = clientMod.createClient({ server: c.server, ca: c.caPem, cert: c.certPem, key: c.keyPem, userAgent: 'k8ts-kubelet' });
    const real = cfg.runtime === 'containerd';
    const dir = cfg.dataDir ?? DEFAULT_DIR;
    try {
      const kubelet = await kubeletMod.startKubelet({
        client, nodeName: cfg.nodeName, runtime, logger: cfg.logger, controlPlane: cfg.controlPlane,
        nodeRuntime: real ? { cgroupRoot: (await import('../node/runtime/containerd/config.ts')).POD_CGROUP_ROOT, podLogsDir: join(dir, 'pods') } : undefined,
        rootDir: real ? join(dir, 'kubelet') : undefined,
        staticPodPath: real ? join(dir, 'manifests') : undefined,
        // The simulated runtime writes CRI logs of its built-in commands when it has a data dir.
        podLogsDir: !real && cfg.dataDir ? join(dir, 'pods') : undefined,
        nodeIP: cfg.nodeIP,
        machineDir: real ? dir : undefined,
        server: cfg.kubeletServing && c.caPem ? {
          port: cfg.kubeletPort ?? 10250, tls: { cert: cfg.kubeletServing.certPem, key: cfg.kubeletServing.keyPem, clientCA: c.caPem },
        } : undefined,
      });
      return {
        async stop() {
          await kubelet.stop();
          await runtime.close();
          client.close();
        },
      };
    } catch (e) {
      await runtime.close();
      client.close();
      throw e;
    }
  },
};
