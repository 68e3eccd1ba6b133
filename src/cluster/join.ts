/**
 * `k8ts join` orchestration, kubeadm's join phases for a worker: token
 * discovery (join-discovery.ts), TLS bootstrap of the kubelet's client
 * certificate (join-tls-bootstrap.ts), DIR/kubelet.conf, then the node
 * agent, which obtains its kubelet serving certificate through a CSR once
 * registered (serverTLSBootstrap, kubelet-serving-manager.ts). A restart
 * with an existing DIR/kubelet.conf skips straight to the node agent, as a
 * kubelet restart does.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../base/logger.ts';
import { K8sError } from '../base/errors.ts';
import { buildKubeconfig, writeKubeconfig, loadConnection, type ClientConnection } from './kubeconfig.ts';
import { discoverCluster } from './join-discovery.ts';
import { requestNodeCertificate } from './join-tls-bootstrap.ts';

/** Validated options of {@link joinCluster}. */
export interface JoinOptions {
  host: string;
  port: number;
  token: string;
  /** sha256:<hex> pins; empty = unsafe, as kubeadm's --discovery-token-unsafe-skip-ca-verification. */
  caCertHashes: string[];
  dataDir: string;
  nodeName: string;
  runtime: 'fake' | 'containerd';
  /** An existing CRI endpoint (--container-runtime-endpoint); default: start containerd under dataDir. */
  runtimeEndpoint?: string;
  logger: Logger;
  progress?: (msg: string) => void;
  /** How long to wait for the certificate (default 120 s). */
  bootstrapTimeoutMs?: number;
  /** The node's InternalIP, also an IP SAN of its serving certificate (default: the first non-loopback IPv4 address). */
  nodeIP?: string;
  /** Kubelet API port (default 10250; 0 = any free port) and bind address (default 0.0.0.0). */
  kubeletPort?: number;
  kubeletAddress?: string;
}

/** The node agent a join starts; injected so tests can do without it. */
export interface JoinDeps {
  startNodeAgent(cfg: {
    conn: ClientConnection; nodeName: string; runtime: 'fake' | 'containerd'; logger: Logger; controlPlane?: boolean;
    dataDir?: string; runtimeEndpoint?: string;
    /** The kubelet API's serving certificate (signed by the cluster CA) and its port (default 10250; 0 = any free port). */
    kubeletServing?: { certPem: string; keyPem: string }; kubeletPort?: number;
    /** The node's InternalIP (default: the first non-loopback IPv4 address). */
    nodeIP?: string;
    /** Address the kubelet API listens on (default 0.0.0.0). */
    kubeletAddress?: string;
    /** Obtain (and renew) the serving certificate through kubelet-serving CSRs instead of kubeletServing. */
    serverTLSBootstrap?: boolean;
  }): Promise<{ stop(): Promise<void> }>;
}

/** A joined node. */
export interface JoinedNode {
  kubeletConfPath: string;
  /** Stop the node agent. Idempotent. */
  stop(): Promise<void>;
}

/** Parse `<host>:<port>` (IPv6 in brackets). */
export function parseEndpoint(s: string): { host: string; port: number } {
  const m = /^\[([^\]]+)\]:(\d+)$/.exec(s) ?? /^([^:[\]]+):(\d+)$/.exec(s);
  const port = m ? Number(m[2]) : NaN;
  if (!m || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new K8sError('BadRequest', `invalid API server endpoint "${s}": expected <host>:<port>`);
  }
  return { host: m[1]!, port };
}

/** Discover, bootstrap credentials (unless DIR/kubelet.conf exists) and start the node agent. */
export async function joinCluster(o: JoinOptions, deps: JoinDeps): Promise<JoinedNode> {
  const progress = o.progress ?? (() => {});
  const kubeletConfPath = join(o.dataDir, 'kubelet.conf');
  mkdirSync(o.dataDir, { recursive: true, mode: 0o700 });
  if (!existsSync(kubeletConfPath)) {
    progress(`[preflight] discovering the cluster at ${o.host}:${o.port}`);
    const cluster = await discoverCluster(o.host, o.port, o.token, o.caCertHashes);
    progress(`[discovery] cluster-info is signed by the token and its CA matches the pin; API server ${cluster.server}`);
    const bootstrap: ClientConnection = { server: cluster.server, caPem: cluster.caPem, token: o.token };
    const cert = await requestNodeCertificate(bootstrap, o.nodeName, { progress, timeoutMs: o.bootstrapTimeoutMs });
    progress(`[kubelet-start] certificate signing request ${cert.csrName} was approved and signed`);
    mkdirSync(join(o.dataDir, 'pki'), { recursive: true, mode: 0o700 });
    writeFileSync(join(o.dataDir, 'pki', 'ca.crt'), cluster.caPem, { mode: 0o644 });
    writeKubeconfig(kubeletConfPath, buildKubeconfig({
      server: cluster.server, caPem: cluster.caPem, clientCertPem: cert.certPem, clientKeyPem: cert.keyPem,
      clusterName: 'default-cluster', userName: 'default-auth',
    }));
    progress(`[kubelet-start] wrote ${kubeletConfPath}`);
  } else {
    progress(`[kubelet-start] using existing ${kubeletConfPath}`);
  }
  const conn = loadConnection(kubeletConfPath);
  progress(`[kubelet-start] starting the node agent (runtime ${o.runtime}) as node ${o.nodeName}`);
  const agent = await deps.startNodeAgent({
    conn, nodeName: o.nodeName, runtime: o.runtime, logger: o.logger, dataDir: o.dataDir, runtimeEndpoint: o.runtimeEndpoint,
    nodeIP: o.nodeIP, kubeletPort: o.kubeletPort, kubeletAddress: o.kubeletAddress, serverTLSBootstrap: true,
  });
  progress(`[kubelet-start] the kubelet API serves with a kubelet-serving certificate from a certificate signing request (${join(o.dataDir, 'pki', 'kubelet-server-current.pem')})`);
  let stopped: Promise<void> | undefined;
  return { kubeletConfPath, stop: () => (stopped ??= agent.stop()) };
}
