/**
 * `k8ts init` orchestration, kubeadm's phases in one process: data dir, PKI,
 * datastore, API server, admin.conf, readiness, bootstrap token. The CLI
 * (src/cli/init.ts) parses flags and handles signals; this file does the work.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { isIPv4, isIPv6 } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';
import { createHash } from 'node:crypto';
import type { Logger } from '../base/logger.ts';
import { K8sError } from '../base/errors.ts';
import type { Store } from '../storage/types.ts';
import type { ApiServer, ApiServerConfig } from '../control-plane/apiserver/types.ts';
import { ensurePki, caCertHash, issueClientCert, ADMIN_GROUP } from './pki.ts';
import { issueLeaf } from './cert-issue.ts';
import { buildKubeconfig, writeKubeconfig, serverUrl, type ClientConnection } from './kubeconfig.ts';
import { waitForReady } from './wait-ready.ts';
import { ensureBootstrapToken } from './bootstrap-token-api.ts';
import { joinCommandLine } from './join-command.ts';
import { ensureClusterInfo } from './cluster-info.ts';
import type { ControllerIdentity } from '../control-plane/controllers/types.ts';

/** Validated options of {@link startControlPlane}. */
export interface ControlPlaneOptions {
  dataDir: string;
  /** 0 = any free port (tests). */
  port: number;
  bindAddress: string;
  /** From --advertise-address; when absent we detect one (see resolveAdvertiseAddress). */
  advertiseAddress?: string;
  serviceCIDR: string;
  podNetworkCIDR: string;
  /** 'sqlite' or 'etcd://host:port[,host:port...]'. */
  datastore: string;
  logger: Logger;
  /** Human progress messages (the CLI prints them to stdout). */
  progress?: (msg: string) => void;
  /** Components not to run in this process (e.g. run elsewhere, or benchmark the API server alone). */
  disable?: string[];
  /** Run a node agent on this machine too (k3s style); absent = control plane only. */
  nodeAgent?: { nodeName: string; runtime: 'fake' | 'containerd'; runtimeEndpoint?: string; /** Kubelet API port (default 10250; 0 = any free port). */ kubeletPort?: number };
  /** How long to wait for /readyz (default 60s). */
  readyTimeoutMs?: number;
}

/** The components init starts; injected so tests can use fakes. */
export interface ControlPlaneDeps {
  openStore(spec: string, opts: { logger: Logger; dataDir: string }): Promise<Store>;
  startApiServer(cfg: ApiServerConfig): Promise<ApiServer>;
  /** Start the controller manager as an API client with its own credentials (optional: fakes may omit it). */
  /** Start the scheduler as an API client (optional: fakes may omit it). */
  startScheduler?(cfg: {
    server: string; caPem: string; certPem: string; keyPem: string; logger: Logger;
    /** The leader election identity of the kube-scheduler Lease (unique per control plane, stable across restarts). */
    leaderIdentity?: string;
  }): Promise<{ stop(): Promise<void> }>;
  /** Start this machine's node agent (kubelet) against the API server (optional). */
  startNodeAgent?(cfg: {
    conn: ClientConnection; nodeName: string; runtime: 'fake' | 'containerd'; logger: Logger; controlPlane?: boolean;
    /** The data directory (containerd, CNI and pod state live under it) and an existing CRI endpoint, if any. */
    dataDir?: string; runtimeEndpoint?: string;
    /** The kubelet API's serving certificate (signed by the cluster CA) and its port (default 10250; 0 = any free port). */
    kubeletServing?: { certPem: string; keyPem: string }; kubeletPort?: number;
    /** The node's InternalIP (default: the first non-loopback IPv4 address). */
    nodeIP?: string;
  }): Promise<{ stop(): Promise<void> }>;
  startControllerManager?(cfg: {
    server: string; caPem: string; certPem: string; keyPem: string; logger: Logger; identity?: ControllerIdentity;
    /** --cluster-cidr for node IPAM, and the leader election identity (unique per control plane, stable across restarts). */
    podNetworkCIDR?: string; leaderIdentity?: string;
    /** Directory of local-path volumes (DIR/storage). */
    storageDir?: string;
  }): Promise<{ stop(): Promise<void> }>;
}

/** A running control plane. */
export interface RunningControlPlane {
  apiServer: ApiServer;
  store: Store;
  /** DIR/admin.conf */
  adminConfPath: string;
  /** Connection details matching admin.conf. */
  admin: ClientConnection;
  /** Address and port joiners use. */
  endpoint: { host: string; port: number };
  token: string;
  caHash: string;
  /** The full `k8ts join ...` line. */
  joinCommand: string;
  /** Stop the API server, then close the store. Idempotent. */
  close(): Promise<void>;
}

const isUnspecified = (a: string) => a === '0.0.0.0' || a === '::' || a === '';

/** The first non-internal IPv4 address of this machine, or 127.0.0.1. */
export function detectHostAddress(): string {
  for (const addrs of Object.values(networkInterfaces())) {
    for (const a of addrs ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return '127.0.0.1';
}

/** --advertise-address, else a specific --bind-address, else the host's address. */
export function resolveAdvertiseAddress(o: Pick<ControlPlaneOptions, 'advertiseAddress' | 'bindAddress'>): string {
  if (o.advertiseAddress) return o.advertiseAddress;
  if (!isUnspecified(o.bindAddress)) return o.bindAddress;
  return detectHostAddress();
}

/** Host in admin.conf: as the contract says, the advertise address if given, else 127.0.0.1 (or a specific bind address). */
function adminHost(o: ControlPlaneOptions): string {
  if (o.advertiseAddress) return o.advertiseAddress;
  return isUnspecified(o.bindAddress) ? '127.0.0.1' : o.bindAddress;
}

/** Host the local process polls: loopback unless we bound one specific address. */
function localHost(o: ControlPlaneOptions): string {
  if (isUnspecified(o.bindAddress)) return o.bindAddress === '::' ? '::1' : '127.0.0.1';
  return o.bindAddress;
}

/** Bring the control plane up and wait until it is ready. */
export async function startControlPlane(o: ControlPlaneOptions, deps: ControlPlaneDeps): Promise<RunningControlPlane> {
  const progress = o.progress ?? (() => {});
  const log = o.logger.child({ component: 'init' });
  const advertise = resolveAdvertiseAddress(o);
  if (!isIPv4(advertise) && !isIPv6(advertise)) throw new K8sError('BadRequest', `advertise address "${advertise}" is not an IP address`);
  try {
    mkdirSync(o.dataDir, { recursive: true, mode: 0o700 });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new K8sError('Forbidden', `cannot create the data directory ${o.dataDir} (${code ?? (e as Error).message}); run as root or pass --data-dir to a writable directory`);
  }

  progress(`[certs] using certificate directory ${join(o.dataDir, 'pki')}`);
  const pki = await ensurePki({ pkiDir: join(o.dataDir, 'pki'), advertiseAddress: advertise, serviceCIDR: o.serviceCIDR, logger: log });

  progress(`[datastore] opening ${o.datastore}`);
  const store = await deps.openStore(o.datastore, { logger: o.logger.child({ component: 'storage' }), dataDir: o.dataDir });
  // kubeadm's apiserver-kubelet-client: how the API server authenticates to kubelets (logs, exec, port-forward).
  const kubeletClient = await issueClientCert(pki.ca, { cn: 'kube-apiserver-kubelet-client', orgs: [ADMIN_GROUP], days: 365 });
  let apiServer: ApiServer;
  try {
    progress('[control-plane] starting the API server');
    apiServer = await deps.startApiServer({
      store,
      bindAddress: o.bindAddress,
      port: o.port,
      advertiseAddress: advertise,
      tls: { cert: pki.apiserver.certPem, key: pki.apiserver.keyPem, clientCA: pki.ca.certPem },
      serviceCIDR: o.serviceCIDR,
      serviceAccount: { keyPem: pki.sa.keyPem, pubPem: pki.sa.pubPem },
      kubeletClient: { certPem: kubeletClient.certPem, keyPem: kubeletClient.keyPem, caPem: pki.ca.certPem },
      logger: o.logger.child({ component: 'apiserver' }),
    });
  } catch (e) {
    await store.close().catch(() => {});
    throw e;
  }

  let controllers: { stop(): Promise<void> } | undefined;
  let scheduler: { stop(): Promise<void> } | undefined;
  let nodeAgent: { stop(): Promise<void> } | undefined;
  let closed: Promise<void> | undefined;
  const close = () => (closed ??= (async () => {
    try {
      await nodeAgent?.stop().catch((err: unknown) => log.error('node agent stop failed', { err }));
      await scheduler?.stop().catch((err: unknown) => log.error('scheduler stop failed', { err }));
      await controllers?.stop().catch((err: unknown) => log.error('controller manager stop failed', { err }));
      await apiServer.close();
    } finally { await store.close(); }
  })());

  try {
    // Written after bind so that --port 0 records the real port.
    const adminConfPath = join(o.dataDir, 'admin.conf');
    const kc = { caPem: pki.ca.certPem, clientCertPem: pki.admin.certPem, clientKeyPem: pki.admin.keyPem };
    writeKubeconfig(adminConfPath, buildKubeconfig({ server: serverUrl(adminHost(o), apiServer.port), ...kc }));
    progress(`[kubeconfig] wrote ${adminConfPath}`);
    const admin: ClientConnection = {
      server: serverUrl(localHost(o), apiServer.port), caPem: pki.ca.certPem, certPem: pki.admin.certPem, keyPem: pki.admin.keyPem,
    };

    progress(`[wait-control-plane] waiting for ${admin.server}/readyz`);
    await waitForReady(admin, { progress, timeoutMs: o.readyTimeoutMs });
    progress('[wait-control-plane] the API server is ready');

    // Stable across restarts of this data dir, so a restarted control plane takes its own Leases back at once.
    const leaderIdentity = `${hostname()}_${createHash('sha256').update(o.dataDir).digest('hex').slice(0, 10)}`;
    if (deps.startControllerManager && !o.disable?.includes('controller-manager')) {
      // The controller manager is an ordinary API client with its own identity, as upstream's
      // system:kube-controller-manager; it never touches the store.
      const cm = await issueClientCert(pki.ca, { cn: 'system:kube-controller-manager', days: 365 });
      progress('[control-plane] starting the controller manager');
      controllers = await deps.startControllerManager({
        server: admin.server, caPem: pki.ca.certPem, certPem: cm.certPem, keyPem: cm.keyPem,
        logger: o.logger.child({ component: 'controller-manager' }),
        identity: { rootCAPem: pki.ca.certPem, serviceAccountKeyPem: pki.sa.keyPem, serviceAccountPubPem: pki.sa.pubPem, clusterSigningKeyPem: pki.ca.keyPem },
        podNetworkCIDR: o.podNetworkCIDR,
        storageDir: join(o.dataDir, 'storage'),
        leaderIdentity,
      });
    }

    if (deps.startScheduler && !o.disable?.includes('scheduler')) {
      const sc = await issueClientCert(pki.ca, { cn: 'system:kube-scheduler', days: 365 });
      progress('[control-plane] starting the scheduler');
      scheduler = await deps.startScheduler({
        server: admin.server, caPem: pki.ca.certPem, certPem: sc.certPem, keyPem: sc.keyPem,
        logger: o.logger.child({ component: 'scheduler' }), leaderIdentity,
      });
    }
    if (o.nodeAgent && deps.startNodeAgent) {
      // The node agent on the control-plane machine authenticates as its node, like a joined one.
      const nc = await issueClientCert(pki.ca, { cn: `system:node:${o.nodeAgent.nodeName}`, orgs: ['system:nodes'], days: 365 });
      progress(`[kubelet] starting the node agent for ${o.nodeAgent.nodeName} (runtime ${o.nodeAgent.runtime})`);
      nodeAgent = await deps.startNodeAgent({
        conn: { server: admin.server, caPem: pki.ca.certPem, certPem: nc.certPem, keyPem: nc.keyPem },
        nodeName: o.nodeAgent.nodeName, runtime: o.nodeAgent.runtime, controlPlane: true,
        dataDir: o.dataDir, runtimeEndpoint: o.nodeAgent.runtimeEndpoint,
        kubeletServing: await issueLeaf(pki.ca, {
          cn: o.nodeAgent.nodeName, usage: 'server', days: 365,
          dnsNames: [...new Set([o.nodeAgent.nodeName, 'localhost'])], ips: [...new Set([advertise, '127.0.0.1'])],
        }),
        kubeletPort: o.nodeAgent.kubeletPort, nodeIP: advertise,
        logger: o.logger.child({ component: 'kubelet' }),
      });
    }

    const token = await ensureBootstrapToken(admin, { description: "The default bootstrap token generated by 'k8ts init'." });
    progress('[bootstrap-token] bootstrap token is in kube-system');
    const caHash = caCertHash(pki.ca.certPem);
    const endpoint = { host: advertise, port: apiServer.port };
    // What joiners discover anonymously (kubeadm's bootstrap-token phase); the bootstrap signer signs it.
    await ensureClusterInfo(admin, serverUrl(endpoint.host, endpoint.port), pki.ca.certPem);
    return {
      apiServer, store, adminConfPath, admin, endpoint, token, caHash,
      joinCommand: joinCommandLine(endpoint.host, endpoint.port, token, caHash),
      close,
    };
  } catch (e) {
    await close().catch((err: unknown) => log.error('shutdown after failed start failed', { err }));
    throw e;
  }
}
