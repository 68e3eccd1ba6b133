/**
 * The real node agent behind {@link JoinDeps}: the kubelet core from
 * src/node/kubelet with the runtime asked for: containerd (started as a
 * child process under DIR, or an existing CRI endpoint) or the simulated
 * runtime. Imported lazily so other commands do not load it. With
 * serverTLSBootstrap the kubelet API's serving certificate comes from a
 * kubelet-serving CSR (kubelet-serving-manager.ts).
 */
import { join } from 'node:path';
import { K8sError } from '../base/errors.ts';
import type { ContainerRuntime } from '../node/runtime/types.ts';
import type { KubeletServerTLS } from '../node/kubelet/server/types.ts';
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

/**
 * serverTLSBootstrap: the kubelet server starts with the stored serving
 * certificate if it is usable (else none), and the manager obtains, renews
 * and swaps in certificates once the Node is registered: its addresses must
 * be in the API before the approver accepts IP SANs.
 */
async function servingBootstrap(cfg: AgentCfg, nodeIP: string): Promise<{ tls: KubeletServerTLS; start(): void; stop(): Promise<void> }> {
  const { KubeletServingCertManager } = await import('./kubelet-serving-manager.ts');
  let swap: ((cert: string, key: string) => void) | undefined;
  const manager = new KubeletServingCertManager({
    conn: cfg.conn, nodeName: cfg.nodeName, names: { dnsNames: [cfg.nodeName], ips: [nodeIP] },
    dataDir: cfg.dataDir ?? DEFAULT_DIR, logger: cfg.logger,
    onCertificate: (p) => swap?.(p.certPem, p.keyPem),
  });
  const stored = await manager.current();
  return {
    tls: { cert: stored?.certPem, key: stored?.keyPem, clientCA: cfg.conn.caPem!, rotation: (s) => { swap = s; } },
    start: () => manager.start(),
    stop: () => manager.stop(),
  };
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
    const nodeIP = cfg.nodeIP ?? kubeletMod.defaultNodeIP();
    const serving = cfg.serverTLSBootstrap && c.caPem ? await servingBootstrap(cfg, nodeIP) : undefined;
    const runtime = await openRuntime(cfg, ipPool.derivedPodCIDR(cfg.nodeName));
    const client = clientMod.createClient({ server: c.server, ca: c.caPem, cert: c.certPem, key: c.keyPem, userAgent: 'k8ts-kubelet' });
    const real = cfg.runtime === 'containerd';
    const dir = cfg.dataDir ?? DEFAULT_DIR;
    const staticTls = cfg.kubeletServing && c.caPem ? { cert: cfg.kubeletServing.certPem, key: cfg.kubeletServing.keyPem, clientCA: c.caPem } : undefined;
    const tls = serving?.tls ?? staticTls;
    try {
      const kubelet = await kubeletMod.startKubelet({
        client, nodeName: cfg.nodeName, runtime, logger: cfg.logger, controlPlane: cfg.controlPlane,
        nodeRuntime: real ? { cgroupRoot: (await import('../node/runtime/containerd/config.ts')).POD_CGROUP_ROOT, podLogsDir: join(dir, 'pods') } : undefined,
        rootDir: real ? join(dir, 'kubelet') : undefined,
        staticPodPath: real ? join(dir, 'manifests') : undefined,
        // The simulated runtime writes CRI logs of its built-in commands when it has a data dir.
        podLogsDir: !real && cfg.dataDir ? join(dir, 'pods') : undefined,
        nodeIP,
        machineDir: real ? dir : undefined,
        server: tls ? { port: cfg.kubeletPort ?? 10250, bindAddress: cfg.kubeletAddress, tls } : undefined,
      });
      // startKubelet resolved: the Node and its addresses are in the API, so the serving CSR can be approved.
      serving?.start();
      return {
        async stop() {
          await serving?.stop();
          await kubelet.stop();
          await runtime.close();
          client.close();
        },
      };
    } catch (e) {
      await serving?.stop();
      await runtime.close();
      client.close();
      throw e;
    }
  },
};
