/**
 * The kubelet's HTTPS server (upstream port 10250): client certificates
 * signed by the cluster CA are required, and only the API server's kubelet
 * client identity (group system:masters, as kubeadm's
 * apiserver-kubelet-client) may use it. Serves /healthz, /pods,
 * /containerLogs, and upgrades for /exec, /attach and /portForward.
 */
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { K8sError, isK8sError } from '../../../base/errors.ts';
import { serveContainerLogs } from './logs.ts';
import { createUpgradeHandler, rejectUpgrade } from './upgrade.ts';
import type { KubeletServer, KubeletServerConfig } from './types.ts';

/** Groups allowed to use the kubelet API (authorization is upstream's SubjectAccessReview; this is its admin subset). */
const ALLOWED_GROUPS = new Set(['system:masters']);

function authorize(req: IncomingMessage): void {
  const sock = req.socket as TLSSocket;
  if (!sock.authorized) throw new K8sError('Unauthorized', 'Unauthorized');
  const cert = sock.getPeerCertificate();
  const o = cert?.subject?.O;
  const groups = Array.isArray(o) ? o : o ? [o] : [];
  if (!groups.some((g) => ALLOWED_GROUPS.has(g))) {
    throw new K8sError('Forbidden', `Forbidden (user=${cert?.subject?.CN ?? ''}, verb=get, resource=nodes, subresource(s)=[proxy])`);
  }
}

function sendError(res: ServerResponse, e: unknown): void {
  const err = isK8sError(e) ? e : new K8sError('InternalError', (e as Error).message);
  if (res.headersSent) { res.end(); return; }
  res.writeHead(err.httpStatus, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: err.message, reason: err.code, code: err.httpStatus }));
}

/** Start serving; resolves once listening. */
export async function startKubeletServer(cfg: KubeletServerConfig): Promise<KubeletServer> {
  const logger = cfg.logger.child({ component: 'kubelet-server' });
  const scfg = { ...cfg, logger };
  const upgrade = createUpgradeHandler(scfg);
  const server = https.createServer({
    cert: cfg.tls.cert, key: cfg.tls.key, ca: cfg.tls.clientCA, requestCert: true, rejectUnauthorized: false, minVersion: 'TLSv1.2',
  }, (req, res) => {
    const run = async () => {
      const url = new URL(req.url ?? '/', 'https://kubelet');
      if (url.pathname === '/healthz') { res.writeHead(200, { 'content-type': 'text/plain' }); res.end('ok'); return; }
      authorize(req);
      const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
      if (req.method !== 'GET' && parts[0] !== 'exec' && parts[0] !== 'attach' && parts[0] !== 'portForward') {
        throw new K8sError('MethodNotAllowed', 'the server does not allow this method on the requested resource');
      }
      if (parts[0] === 'pods' && parts.length === 1) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ kind: 'PodList', apiVersion: 'v1', metadata: {}, items: scfg.listPods() }));
        return;
      }
      if (parts[0] === 'containerLogs' && parts.length === 4) {
        await serveContainerLogs(scfg, { namespace: parts[1]!, pod: parts[2]!, container: parts[3]! }, url.searchParams, req, res);
        return;
      }
      if (parts[0] === 'exec' || parts[0] === 'attach' || parts[0] === 'portForward') throw new K8sError('BadRequest', 'Upgrade request required');
      throw new K8sError('NotFound', 'the server could not find the requested resource');
    };
    run().catch((e: unknown) => sendError(res, e));
  });
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    try { authorize(req); } catch (e) { rejectUpgrade(socket, e); return; }
    upgrade(req, socket, head).catch((e: unknown) => logger.warn('upgrade failed', { err: (e as Error).message }));
  });
  server.on('tlsClientError', (e) => logger.debug('tls client error', { err: e.message }));
  cfg.tls.rotation?.((cert, key) => {
    server.setSecureContext({ cert, key, ca: cfg.tls.clientCA, minVersion: 'TLSv1.2' });
    logger.info('kubelet server certificate replaced');
  });
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(cfg.port, cfg.bindAddress ?? '0.0.0.0', () => { server.off('error', reject); resolve(); });
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : cfg.port;
  logger.info('kubelet server listening', { port });
  return {
    port,
    close: () => new Promise<void>((resolve) => { server.close(() => resolve()); for (const s of sockets) s.destroy(); }),
  };
}
