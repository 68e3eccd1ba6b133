/**
 * The real node agent behind {@link JoinDeps}: the kubelet core from
 * src/node/kubelet with the simulated runtime. Imported lazily so other
 * commands do not load it. The containerd runtime plugs in here once it exists.
 */
import { K8sError } from '../base/errors.ts';
import type { JoinDeps } from './join.ts';

/** The production dependencies of joinCluster. */
export const realJoinDeps: JoinDeps = {
  async startNodeAgent(cfg) {
    if (cfg.runtime !== 'fake') {
      throw new K8sError('BadRequest', `the ${cfg.runtime} runtime is not available in this build yet; use --runtime fake`);
    }
    const [kubeletMod, runtimeMod, ipPool, clientMod] = await Promise.all([
      import('../node/kubelet/kubelet.ts'),
      import('../node/runtime/fake/fake-runtime.ts'),
      import('../node/runtime/fake/ip-pool.ts'),
      import('../client/rest-client.ts'),
    ]);
    const c = cfg.conn;
    const client = clientMod.createClient({ server: c.server, ca: c.caPem, cert: c.certPem, key: c.keyPem, userAgent: 'k8ts-kubelet' });
    const runtime = new runtimeMod.FakeRuntime({ podCIDR: ipPool.derivedPodCIDR(cfg.nodeName), logger: cfg.logger });
    try {
      const kubelet = await kubeletMod.startKubelet({ client, nodeName: cfg.nodeName, runtime, logger: cfg.logger, controlPlane: cfg.controlPlane });
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
