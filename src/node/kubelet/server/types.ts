/**
 * Contract of the kubelet's HTTPS server (port 10250): what it needs from
 * the kubelet core, and what it serves.
 */
import type { Logger } from '../../../base/logger.ts';
import type { KObject } from '../../../api/types.ts';
import type { ContainerRuntime } from '../../runtime/types.ts';

/** TLS material of the kubelet server, PEM encoded. */
export interface KubeletServerTLS {
  /**
   * Serving certificate (signed by the cluster CA for the API server to
   * verify). Absent until a kubelet-serving CSR is issued
   * (serverTLSBootstrap): handshakes fail until then, as upstream's.
   */
  cert?: string;
  key?: string;
  /** CA that signs the client certificates we accept (the API server's kubelet client). */
  clientCA: string;
  /** Called once at start with a function that swaps in a new certificate for new connections (issuance, rotation). */
  rotation?: (swap: (cert: string, key: string) => void) => void;
}

/** Configuration of {@link startKubeletServer}. */
export interface KubeletServerConfig {
  /** 0 picks a free port (tests); upstream's default is 10250. */
  port: number;
  /** Default 0.0.0.0. */
  bindAddress?: string;
  tls: KubeletServerTLS;
  runtime: ContainerRuntime;
  /** A pod bound to this node, by "namespace/name". */
  getPod(key: string): KObject | undefined;
  /** Every pod bound to this node (GET /pods). */
  listPods(): KObject[];
  logger: Logger;
}

/** A running kubelet server. */
export interface KubeletServer {
  readonly port: number;
  close(): Promise<void>;
}

/** Identifies one container of a pod on this node. */
export interface ContainerRef {
  namespace: string;
  pod: string;
  container: string;
}
