/**
 * pods/exec, pods/attach and pods/portforward: HTTP/1.1 upgrade requests
 * (WebSocket or SPDY/3.1) that the API server authenticates, checks, and
 * then relays byte for byte to the kubelet of the pod's node, as upstream's
 * UpgradeAwareHandler does: the kubelet answers the upgrade and speaks the
 * streaming protocol; we only forward the request line and headers, then
 * pipe both directions until either side closes.
 */
import tls from 'node:tls';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { K8sError, isK8sError } from '../../../base/errors.ts';
import type { Logger } from '../../../base/logger.ts';
import { parseRequestInfo } from '../http/request-info.ts';
import type { RequestAuthenticator } from '../authn/chain.ts';
import type { RegistryContext } from '../registry/types.ts';
import { kubeletTarget, type KubeletClientTLS } from './kubelet-target.ts';

/** What the upgrade handler needs from the server. */
export interface UpgradeProxyDeps {
  reg: RegistryContext;
  authenticate: RequestAuthenticator;
  kubeletClient?: KubeletClientTLS;
  logger: Logger;
}

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 500: 'Internal Server Error', 503: 'Service Unavailable' };
const KUBELET_PATH: Record<string, string> = { exec: 'exec', attach: 'attach', portforward: 'portForward' };
/** Request headers the kubelet needs to answer the upgrade. */
const FORWARDED = ['upgrade', 'connection', 'sec-websocket-key', 'sec-websocket-version', 'sec-websocket-protocol', 'sec-websocket-extensions', 'x-stream-protocol-version', 'user-agent'];

function reject(socket: Duplex, e: unknown): void {
  const err = isK8sError(e) ? e : new K8sError('InternalError', (e as Error).message);
  const body = JSON.stringify({
    kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: err.message, reason: err.code,
    ...(err.details ? { details: err.details } : {}), code: err.httpStatus,
  });
  socket.end(`HTTP/1.1 ${err.httpStatus} ${STATUS_TEXT[err.httpStatus] ?? 'Error'}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

/** The server's 'upgrade' listener. */
export function createUpgradeProxy(deps: UpgradeProxyDeps): (req: IncomingMessage, socket: Duplex, head: Buffer) => void {
  return (req, socket, head) => {
    socket.on('error', () => {});
    const run = async () => {
      const url = new URL(req.url ?? '/', 'https://apiserver');
      const method = req.method ?? 'GET';
      const info = parseRequestInfo(method, url.pathname, false);
      const user = await deps.authenticate(req, method, url.pathname);
      if (!user) throw new K8sError('Unauthorized', 'Unauthorized');
      const target = KUBELET_PATH[info.subresource];
      if (!info.isResource || info.group !== '' || info.resource !== 'pods' || !target || !info.name) {
        throw new K8sError('NotFound', 'the server could not find the requested resource');
      }
      if (method !== 'GET' && method !== 'POST') throw new K8sError('MethodNotAllowed', 'the server does not allow this method on the requested resource');
      if (!deps.kubeletClient) throw new K8sError('ServiceUnavailable', 'the API server has no kubelet client credentials');
      const needContainer = target !== 'portForward';
      const t = await kubeletTarget(deps.reg, info.namespace, info.name, url.searchParams.get('container'), needContainer);
      const q = new URLSearchParams(url.searchParams);
      q.delete('container');
      const path = `/${target}/${encodeURIComponent(info.namespace)}/${encodeURIComponent(info.name)}${needContainer ? `/${encodeURIComponent(t.container)}` : ''}${q.size ? `?${q}` : ''}`;
      const up = tls.connect({
        host: t.host, port: t.port, ca: deps.kubeletClient.caPem, cert: deps.kubeletClient.certPem, key: deps.kubeletClient.keyPem, ALPNProtocols: ['http/1.1'],
      });
      await new Promise<void>((resolve, rej) => {
        up.once('secureConnect', resolve);
        up.once('error', (e) => rej(new K8sError('InternalError', `error dialing backend: ${e.message}`)));
      });
      up.on('error', () => socket.destroy());
      let head1 = `${method} ${path} HTTP/1.1\r\nHost: ${t.host}:${t.port}\r\n`;
      for (const name of FORWARDED) {
        const v = req.headers[name];
        for (const one of Array.isArray(v) ? v : v !== undefined ? [v] : []) head1 += `${name}: ${one}\r\n`;
      }
      up.write(`${head1}\r\n`);
      if (head.length) up.write(head);
      socket.pipe(up);
      up.pipe(socket);
      socket.on('close', () => up.destroy());
      up.on('close', () => socket.destroy());
      deps.logger.debug('streaming proxied', { subresource: info.subresource, pod: `${info.namespace}/${info.name}`, node: t.pod.spec?.nodeName });
    };
    run().catch((e: unknown) => {
      if (!socket.writableEnded && !socket.destroyed) reject(socket, e);
    });
  };
}
