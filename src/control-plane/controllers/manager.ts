/**
 * The controller manager: builds the shared informers, creates the enabled
 * controllers (each registers the informers it needs), starts the informers,
 * waits for their caches to sync and then starts every controller's workers.
 *
 * With leader election (a Lease, kube-system/kube-controller-manager) only
 * the leader runs controllers, so two control planes never both act; a
 * leader that loses the Lease stops its controllers and campaigns again.
 */
import { realClock, type Clock } from '../../base/clock.ts';
import type { Logger } from '../../base/logger.ts';
import { K8sError } from '../../base/errors.ts';
import type { TimerScheduler } from '../../base/workqueue.ts';
import type { KubeClient } from '../../client/types.ts';
import { SharedInformerFactory } from '../../client/shared-informer-factory.ts';
import type { Controller, ControllerContext, ControllerFactory, ControllerOptions } from './types.ts';
import { newNamespaceController } from './namespace/controller.ts';
import { newStatefulSetController } from './statefulset/controller.ts';
import { newDaemonSetController } from './daemonset/controller.ts';
import { newJobController } from './job/controller.ts';
import { newCronJobController } from './cronjob/controller.ts';
import { newTTLAfterFinishedController } from './job/ttl-after-finished.ts';
import { newServiceAccountController } from './serviceaccount/controller.ts';
import { newServiceAccountTokenController } from './serviceaccount-token/controller.ts';
import { newRootCAPublisher } from './root-ca-publisher/controller.ts';
import { newBootstrapSigner } from './bootstrap-signer/controller.ts';
import { newTokenCleaner } from './token-cleaner/controller.ts';
import { newCSRApprover } from './certificates/approver.ts';
import { newCSRSigner } from './certificates/signer.ts';
import { newReplicaSetController, newReplicationControllerController } from './replicaset/controller.ts';
import { newDeploymentController } from './deployment/controller.ts';
import { newGarbageCollector } from './garbage-collector/controller.ts';
import { newEndpointsController } from './endpoints/controller.ts';
import { newEndpointSliceController } from './endpointslice/controller.ts';
import { newNodeLifecycleController } from './nodelifecycle/controller.ts';
import { newNodeIpamController } from './nodeipam/controller.ts';
import { newPodGCController } from './podgc/controller.ts';
import { newDisruptionController } from './disruption/controller.ts';
import { newResourceQuotaController } from './resourcequota/controller.ts';
import { newLocalPathProvisioner } from './local-path-provisioner/controller.ts';
import { runWhileLeader } from '../../client/run-while-leader.ts';

/** A known controller: how to build it and how many workers it runs. */
interface Registration { factory: ControllerFactory; workers: number; enabledByDefault: boolean }

/** Every controller this manager knows, by `--controllers` name. */
export const KNOWN_CONTROLLERS: ReadonlyMap<string, Registration> = new Map([
  // Upstream default of --concurrent-namespace-syncs is 10.
  ['namespace', { factory: newNamespaceController, workers: 10, enabledByDefault: true }],
  ['statefulset', { factory: newStatefulSetController, workers: 5, enabledByDefault: true }],
  ['daemonset', { factory: newDaemonSetController, workers: 2, enabledByDefault: true }],
  ['job', { factory: newJobController, workers: 5, enabledByDefault: true }],
  ['cronjob', { factory: newCronJobController, workers: 5, enabledByDefault: true }],
  ['ttl-after-finished', { factory: newTTLAfterFinishedController, workers: 5, enabledByDefault: true }],
  ['serviceaccount', { factory: newServiceAccountController, workers: 1, enabledByDefault: true }],
  ['serviceaccount-token', { factory: newServiceAccountTokenController, workers: 1, enabledByDefault: true }],
  ['root-ca-cert-publisher', { factory: newRootCAPublisher, workers: 1, enabledByDefault: true }],
  ['bootstrap-signer', { factory: newBootstrapSigner, workers: 1, enabledByDefault: true }],
  ['token-cleaner', { factory: newTokenCleaner, workers: 1, enabledByDefault: true }],
  ['csrapproving', { factory: newCSRApprover, workers: 1, enabledByDefault: true }],
  ['csrsigning', { factory: newCSRSigner, workers: 1, enabledByDefault: true }],
  ['replicaset', { factory: newReplicaSetController, workers: 5, enabledByDefault: true }],
  ['replicationcontroller', { factory: newReplicationControllerController, workers: 5, enabledByDefault: true }],
  ['deployment', { factory: newDeploymentController, workers: 5, enabledByDefault: true }],
  // Upstream default of --concurrent-gc-syncs is 20.
  ['garbagecollector', { factory: newGarbageCollector, workers: 20, enabledByDefault: true }],
  ['endpoint', { factory: newEndpointsController, workers: 5, enabledByDefault: true }],
  ['endpointslice', { factory: newEndpointSliceController, workers: 5, enabledByDefault: true }],
  ['nodelifecycle', { factory: newNodeLifecycleController, workers: 1, enabledByDefault: true }],
  ['nodeipam', { factory: newNodeIpamController, workers: 1, enabledByDefault: true }],
  ['podgc', { factory: newPodGCController, workers: 1, enabledByDefault: true }],
  ['disruption', { factory: newDisruptionController, workers: 1, enabledByDefault: true }],
  ['resourcequota', { factory: newResourceQuotaController, workers: 5, enabledByDefault: true }],
  ['local-path-provisioner', { factory: newLocalPathProvisioner, workers: 1, enabledByDefault: true }],
]);

/** Configuration of {@link startControllerManager}. */
export interface ControllerManagerConfig {
  client: KubeClient;
  logger: Logger;
  clock?: Clock;
  timers?: TimerScheduler;
  /**
   * As kube-controller-manager's `--controllers`: names to enable, `*` for
   * all enabled by default, `-name` to disable one. Default `['*']`.
   */
  controllers?: string[];
  /** Root CA and signing keys for the identity controllers (serviceaccount-token, root-ca-publisher, csrsigning). */
  identity?: ControllerContext['identity'];
  /** How long to wait for informer caches; default 60 s. */
  cacheSyncTimeoutMs?: number;
  /** Per-controller tunables (node monitor periods, cluster CIDR, podgc threshold, ...). */
  options?: ControllerOptions;
  /** Run controllers only while holding this Lease (kube-system/kube-controller-manager by default). */
  leaderElection?: ManagerLeaderElection;
}

/** Leader election settings of the controller manager (--leader-elect-*). */
export interface ManagerLeaderElection {
  /** Unique per candidate, e.g. hostname_uuid. */
  identity: string;
  namespace?: string;
  name?: string;
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
}

/** A running controller manager. */
export interface ControllerManager {
  /** Names of the running controllers. */
  readonly controllers: string[];
  /** Stop controllers (workers finish their current item), then informers. */
  stop(): Promise<void>;
}

/** Resolve `--controllers` style selections to controller names. */
export function enabledControllers(selection: string[] = ['*']): string[] {
  for (const s of selection) {
    const n = s.replace(/^-/, '');
    if (n !== '*' && !KNOWN_CONTROLLERS.has(n)) throw new K8sError('BadRequest', `unknown controller "${n}"`);
  }
  const all = selection.includes('*');
  return [...KNOWN_CONTROLLERS.entries()]
    .filter(([name, r]) => !selection.includes(`-${name}`) && (selection.includes(name) || (all && r.enabledByDefault)))
    .map(([name]) => name);
}

/** A set of running controllers over their own informers. */
interface Running { stop(): Promise<void> }

async function runControllers(cfg: ControllerManagerConfig, names: string[], logger: Logger): Promise<Running> {
  const informers = new SharedInformerFactory({ client: cfg.client, logger });
  const ctx: ControllerContext = {
    client: cfg.client, informers, logger, clock: cfg.clock ?? realClock, timers: cfg.timers, identity: cfg.identity, options: cfg.options,
  };
  const running: Controller[] = names.map((n) => (KNOWN_CONTROLLERS.get(n) as Registration).factory(ctx));
  informers.start();
  try {
    await informers.waitForCacheSync(cfg.cacheSyncTimeoutMs ?? 60_000);
  } catch (e) {
    await informers.stop();
    throw e;
  }
  for (const c of running) c.run((KNOWN_CONTROLLERS.get(c.name) as Registration).workers);
  logger.info('controllers started', { controllers: names });
  return {
    async stop() {
      await Promise.all(running.map((c) => c.stop()));
      await informers.stop();
    },
  };
}

/**
 * Start the controller manager; resolves once caches are synced and
 * controllers run, or, with leader election, once this candidate either
 * leads and runs them or knows another leader holds the Lease.
 */
export async function startControllerManager(cfg: ControllerManagerConfig): Promise<ControllerManager> {
  const names = enabledControllers(cfg.controllers);
  const logger = cfg.logger.child({ component: 'controller-manager' });
  const le = cfg.leaderElection;
  const running = le
    ? await runWhileLeader({
      client: cfg.client, namespace: le.namespace ?? 'kube-system', name: le.name ?? 'kube-controller-manager', identity: le.identity,
      leaseDurationMs: le.leaseDurationMs, renewDeadlineMs: le.renewDeadlineMs, retryPeriodMs: le.retryPeriodMs,
      clock: cfg.clock, logger, what: 'controllers', start: () => runControllers(cfg, names, logger),
    })
    : await runControllers(cfg, names, logger);
  let stopping: Promise<void> | undefined;
  return {
    controllers: names,
    stop(): Promise<void> {
      stopping ??= running.stop().then(() => logger.info('controller manager stopped'));
      return stopping;
    },
  };
}
