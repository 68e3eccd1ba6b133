/**
 * Kubeconfig files: writing DIR/admin.conf as kubeadm does, and loading any
 * kubeconfig into the connection details a client needs (server URL, CA,
 * client certificate or token) for components that run outside `init`.
 */
import { readFileSync, writeFileSync, chmodSync, mkdirSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { K8sError } from '../base/errors.ts';

/** `clusters[].cluster` of a kubeconfig. */
export interface KubeconfigCluster {
  server: string;
  'certificate-authority-data'?: string;
  'certificate-authority'?: string;
  'insecure-skip-tls-verify'?: boolean;
  'tls-server-name'?: string;
}

/** `users[].user` of a kubeconfig (the parts k8ts understands). */
export interface KubeconfigUser {
  'client-certificate-data'?: string;
  'client-key-data'?: string;
  'client-certificate'?: string;
  'client-key'?: string;
  token?: string;
  tokenFile?: string;
}

/** `contexts[].context` of a kubeconfig. */
export interface KubeconfigContext {
  cluster: string;
  user: string;
  namespace?: string;
}

/** A kubeconfig (`apiVersion: v1`, `kind: Config`). */
export interface Kubeconfig {
  apiVersion: 'v1';
  kind: 'Config';
  clusters: { name: string; cluster: KubeconfigCluster }[];
  users: { name: string; user: KubeconfigUser }[];
  contexts: { name: string; context: KubeconfigContext }[];
  'current-context': string;
  preferences: Record<string, unknown>;
}

/** Inputs of {@link buildKubeconfig}. */
export interface KubeconfigParams {
  /** e.g. https://127.0.0.1:6443 */
  server: string;
  caPem: string;
  clientCertPem: string;
  clientKeyPem: string;
  /** Cluster name; default "k8ts". */
  clusterName?: string;
  /** User name; default "kubernetes-admin". */
  userName?: string;
}

/** Everything a client needs to reach the API server, resolved from a kubeconfig. */
export interface ClientConnection {
  server: string;
  caPem?: string;
  certPem?: string;
  keyPem?: string;
  token?: string;
  insecureSkipTLSVerify?: boolean;
  /** Default namespace of the context. */
  namespace?: string;
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const unb64 = (s: string) => Buffer.from(s, 'base64').toString('utf8');

/** Build a single-context kubeconfig with embedded CA and client credentials. */
export function buildKubeconfig(p: KubeconfigParams): Kubeconfig {
  const cluster = p.clusterName ?? 'k8ts';
  const user = p.userName ?? 'kubernetes-admin';
  const context = `${user}@${cluster}`;
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: cluster, cluster: { server: p.server, 'certificate-authority-data': b64(p.caPem) } }],
    users: [{ name: user, user: { 'client-certificate-data': b64(p.clientCertPem), 'client-key-data': b64(p.clientKeyPem) } }],
    contexts: [{ name: context, context: { cluster, user } }],
    'current-context': context,
    preferences: {},
  };
}

/** The API server URL for a host and port, bracketing IPv6 literals. */
export function serverUrl(host: string, port: number): string {
  return `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** Write a kubeconfig with mode 0600 (it holds a private key). */
export function writeKubeconfig(path: string, cfg: Kubeconfig): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, stringify(cfg), { mode: 0o600 });
  chmodSync(path, 0o600); // writeFileSync keeps the mode of an existing file
}

/** Read and minimally validate a kubeconfig file. */
export function loadKubeconfig(path: string): Kubeconfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new K8sError('NotFound', `cannot read kubeconfig ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let cfg: Partial<Kubeconfig> | null;
  try {
    cfg = parse(text) as Partial<Kubeconfig> | null;
  } catch (e) {
    throw new K8sError('BadRequest', `kubeconfig ${path} is not valid YAML: ${(e as Error).message}`);
  }
  if (!cfg || typeof cfg !== 'object') throw new K8sError('BadRequest', `kubeconfig ${path} is empty`);
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: cfg.clusters ?? [],
    users: cfg.users ?? [],
    contexts: cfg.contexts ?? [],
    'current-context': cfg['current-context'] ?? '',
    preferences: cfg.preferences ?? {},
  };
}

/**
 * Resolve a context (default: the current one) to connection details.
 * File references are read relative to the kubeconfig's directory, as
 * client-go does.
 */
export function resolveConnection(cfg: Kubeconfig, opts: { path?: string; context?: string } = {}): ClientConnection {
  const base = opts.path ? dirname(resolve(opts.path)) : process.cwd();
  const readRel = (f: string) => readFileSync(isAbsolute(f) ? f : resolve(base, f), 'utf8');
  const name = opts.context ?? cfg['current-context'];
  const ctx = cfg.contexts.find((c) => c.name === name)?.context;
  if (!ctx) throw new K8sError('NotFound', `kubeconfig has no context "${name}"`);
  const cluster = cfg.clusters.find((c) => c.name === ctx.cluster)?.cluster;
  if (!cluster?.server) throw new K8sError('NotFound', `kubeconfig has no cluster "${ctx.cluster}" with a server`);
  const user = cfg.users.find((u) => u.name === ctx.user)?.user ?? {};
  const pick = (data?: string, file?: string) => (data ? unb64(data) : file ? readRel(file) : undefined);
  return {
    server: cluster.server,
    caPem: pick(cluster['certificate-authority-data'], cluster['certificate-authority']),
    certPem: pick(user['client-certificate-data'], user['client-certificate']),
    keyPem: pick(user['client-key-data'], user['client-key']),
    token: user.token ?? (user.tokenFile ? readRel(user.tokenFile).trim() : undefined),
    insecureSkipTLSVerify: cluster['insecure-skip-tls-verify'],
    namespace: ctx.namespace,
  };
}

/** Load a kubeconfig file and resolve its current context. */
export function loadConnection(path: string, context?: string): ClientConnection {
  return resolveConnection(loadKubeconfig(path), { path, context });
}
