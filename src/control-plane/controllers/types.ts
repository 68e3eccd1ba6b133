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
