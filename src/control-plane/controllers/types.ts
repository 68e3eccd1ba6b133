/**
 * The controllers' contract with the controller manager: what a controller
 * receives (shared informers, a client, a logger, a clock) and what it
 * offers (run with N workers, stop).
 */
import type { Clock } from '../../base/clock.ts';
import type { Logger } from '../../base/logger.ts';
import type { TimerScheduler } from '../../base/workqueue.ts';
import type { KubeClient } from '../../client/types.ts';
import type { SharedInformerFactory } from '../../client/shared-informer-factory.ts';

/** Everything a controller is built from. */
export interface ControllerContext {
  client: KubeClient;
  /** Shared by all controllers: one watch per resource. */
  informers: SharedInformerFactory;
  logger: Logger;
  clock: Clock;
  /** Timers for work queue delays (fake in tests). */
  timers?: TimerScheduler;
  /** Cluster credentials material for the identity controllers (root CA, token and certificate signing). */
  identity?: ControllerIdentity;
  /** Per-controller tunables (kube-controller-manager flags); defaults as upstream. */
  options?: ControllerOptions;
}

/** Tunables of individual controllers, named after kube-controller-manager's flags. */
export interface ControllerOptions {
  /** --node-monitor-grace-period: heartbeat silence after which a node is Unknown (default 40 s). */
  nodeMonitorGracePeriodMs?: number;
  /** --node-monitor-period: how often node health is checked at the latest (default 5 s). */
  nodeMonitorPeriodMs?: number;
  /** --node-startup-grace-period: silence allowed to a node that never posted status (default 60 s). */
  nodeStartupGracePeriodMs?: number;
  /** --cluster-cidr: pod network split into per-node ranges by nodeipam (default 10.42.0.0/16). */
  podNetworkCIDR?: string;
  /** --node-cidr-mask-size: prefix length of each node's range (default 24 for IPv4). */
  nodeCIDRMaskSize?: number;
  /** --terminated-pod-gc-threshold (default 12500; 0 or less disables). */
  terminatedPodGCThreshold?: number;
  /** How often podgc looks (default 20 s). */
  podGCPeriodMs?: number;
  /** --max-endpoints-per-slice (default 100). */
  maxEndpointsPerSlice?: number;
  /** --resource-quota-sync-period: full recount of every quota (default 5 min). */
  resourceQuotaSyncPeriodMs?: number;
  /** Directory of local-path volumes (DIR/storage; default /var/lib/k8ts/storage). */
  localPathStorageDir?: string;
}

/** PEM material the controller manager is started with (upstream: --root-ca-file, --service-account-private-key-file, --cluster-signing-*). */
export interface ControllerIdentity {
  /** The cluster CA certificate, published as kube-root-ca.crt and put in legacy token Secrets. */
  rootCAPem: string;
  /** ES256 key pair signing legacy service-account tokens. */
  serviceAccountKeyPem?: string;
  serviceAccountPubPem?: string;
  /** CA key that signs approved CertificateSigningRequests (with rootCAPem as the issuer). */
  clusterSigningKeyPem?: string;
}

/** A running control loop. */
export interface Controller {
  /** Name as in `--controllers`, e.g. 'namespace'. */
  readonly name: string;
  /** Start `workers` workers; informers are synced when this is called. */
  run(workers: number): void;
  /** Shut the queue down and wait for the workers to finish their item. */
  stop(): Promise<void>;
}

/** Builds a controller; it requests its informers from `ctx.informers`. */
export type ControllerFactory = (ctx: ControllerContext) => Controller;

/** What one `sync(key)` asks of the queue besides success or failure. */
export interface SyncResult {
  /** Process the key again after this many ms (e.g. waiting for content to go). */
  requeueAfterMs?: number;
}
