/**
 * The API server's contract with the rest of k8ts (CLI, tests, benchmarks).
 */
import type { Logger } from '../../base/logger.ts';
import type { Clock } from '../../base/clock.ts';
import type { Store } from '../../storage/types.ts';

/** TLS material, PEM encoded. */
export interface ServingTLS {
  /** Serving certificate chain. */
  cert: string;
  /** Serving private key. */
  key: string;
  /** CA that signs client certificates we accept. */
  clientCA: string;
}

/** Validated configuration of {@link startApiServer}. */
export interface ApiServerConfig {
  store: Store;
  /** Address to listen on, e.g. 0.0.0.0 or 127.0.0.1. */
  bindAddress: string;
  /** Port; 0 picks a free one (see ApiServer.port). */
  port: number;
  /** The address other components use to reach us (the `kubernetes` Service endpoint). */
  advertiseAddress: string;
  tls: ServingTLS;
  /** Service cluster IP range, e.g. 10.43.0.0/16. The first IP is the `kubernetes` Service. */
  serviceCIDR: string;
  /** NodePort range, default [30000, 32767]. */
  nodePortRange?: [number, number];
  /** Service-account token keys (DIR/pki/sa.key, sa.pub): enables SA token authentication and TokenRequest. */
  serviceAccount?: { keyPem: string; pubPem: string; issuer?: string; audiences?: string[] };
  /** Client certificate for kubelets (kubeadm's apiserver-kubelet-client) and the CA their serving certificates chain to. */
  kubeletClient?: { certPem: string; keyPem: string; caPem: string };
  logger: Logger;
  clock?: Clock;
}

/** A running API server. */
export interface ApiServer {
  /** The port actually bound. */
  readonly port: number;
  /** Stop accepting, end watches, close connections. Does not close the store. */
  close(): Promise<void>;
}
