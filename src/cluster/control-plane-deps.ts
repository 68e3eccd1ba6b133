/**
 * The real components behind {@link ControlPlaneDeps}: the store registry
 * (src/storage/index.ts) and the API server (src/control-plane/apiserver/server.ts).
 * Imported lazily so `k8ts version`, `token` and `--help` do not load them,
 * and so a broken build fails with a clear message at init only.
 */
import { K8sError } from '../base/errors.ts';
import type { ControlPlaneDeps } from './control-plane.ts';
import { realJoinDeps } from './join-deps.ts';

function loadError(what: string, e: unknown): K8sError {
  return new K8sError('InternalError', `this build cannot load ${what}: ${(e as Error).message}`);
}

/** The production dependencies of startControlPlane. */
export const realControlPlaneDeps: ControlPlaneDeps = {
  async openStore(spec, opts) {
    const mod = await import('../storage/index.ts').catch((e: unknown) => { throw loadError('src/storage/index.ts', e); });
    return mod.openStore(spec, opts);
  },
  async startApiServer(cfg) {
    const mod = await import('../control-plane/apiserver/server.ts').catch((e: unknown) => {
      throw loadError('src/control-plane/apiserver/server.ts', e);
    });
    return mod.startApiServer(cfg);
  },
  async startControllerManager(cfg) {
    const [mgr, client] = await Promise.all([
      import('../control-plane/controllers/manager.ts'),
      import('../client/rest-client.ts'),
    ]).catch((e: unknown) => { throw loadError('the controller manager', e); });
    const kube = client.createClient({ server: cfg.server, ca: cfg.caPem, cert: cfg.certPem, key: cfg.keyPem, userAgent: 'k8ts-controller-manager' });
    const running = await mgr.startControllerManager({
      client: kube, logger: cfg.logger, identity: cfg.identity,
      options: { ...(cfg.podNetworkCIDR ? { podNetworkCIDR: cfg.podNetworkCIDR } : {}), ...(cfg.storageDir ? { localPathStorageDir: cfg.storageDir } : {}) },
      leaderElection: cfg.leaderIdentity ? { identity: cfg.leaderIdentity } : undefined,
    });
    return { stop: async () => { await running.stop(); kube.close(); } };
  },
  async startScheduler(cfg) {
    const [sched, client, election] = await Promise.all([
      import('../control-plane/scheduler/scheduler.ts'),
      import('../client/rest-client.ts'),
      import('./scheduler-election.ts'),
    ]).catch((e: unknown) => { throw loadError('the scheduler', e); });
    const kube = client.createClient({ server: cfg.server, ca: cfg.caPem, cert: cfg.certPem, key: cfg.keyPem, userAgent: 'k8ts-scheduler' });
    // Only the holder of kube-system/kube-scheduler schedules, so two control planes never both bind.
    const running = await election.startElectedScheduler({
      client: kube, logger: cfg.logger, identity: cfg.leaderIdentity,
      start: () => sched.startScheduler({ client: kube, logger: cfg.logger }),
    });
    return { stop: async () => { await running.stop(); kube.close(); } };
  },
  startNodeAgent: (cfg) => realJoinDeps.startNodeAgent(cfg),
};
