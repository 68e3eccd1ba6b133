/**
 * Upgrade requests on the kubelet server: /exec, /attach and /portForward
 * over WebSocket (channel protocols; SPDY tunneled for port forwarding) or
 * SPDY/3.1 (`Upgrade: SPDY/3.1` + X-Stream-Protocol-Version). Errors found
 * before switching protocols are plain HTTP answers with a Status body, so
 * a client falls back (WebSocket -> SPDY) or reports them as upstream.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, createWebSocketStream, type WebSocket } from 'ws';
import { K8sError, isK8sError } from '../../../base/errors.ts';
import { mustPod, podSandboxId, runningContainer } from './lookup.ts';
import { parseRemoteCommandOptions, runRemoteCommand } from './remotecommand.ts';
import { PORTFORWARD_PROTOCOL, PORTFORWARD_TUNNEL_PROTOCOL, servePortForward } from './portforward.ts';
import { SPDY_CHANNEL_PROTOCOLS, spdyChannels } from './spdy-remotecommand.ts';
import { WS_CHANNEL_PROTOCOLS, wsChannels } from './ws-remotecommand.ts';
import type { KubeletServerConfig } from './types.ts';

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found', 500: 'Internal Server Error' };

/** Answer an upgrade request with an HTTP error and close the connection. */
export function rejectUpgrade(socket: Duplex, e: unknown): void {
  const err = isK8sError(e) ? e : new K8sError('InternalError', (e as Error).message);
  const body = JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: err.message, reason: err.code, code: err.httpStatus });
  socket.end(`HTTP/1.1 ${err.httpStatus} ${STATUS_TEXT[err.httpStatus] ?? 'Error'}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

function offered(req: IncomingMessage, header: string): string[] {
  const v = req.headers[header];
  return (Array.isArray(v) ? v : v ? [v] : []).flatMap((x) => x.split(',')).map((x) => x.trim()).filter(Boolean);
}

/** Route: /exec|attach/{ns}/{pod}[/{uid}]/{container}, /portForward/{ns}/{pod}[/{uid}]. */
function route(path: string): { verb: 'exec' | 'attach' | 'portForward'; ns: string; pod: string; container: string } {
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const verb = parts[0];
  if ((verb === 'exec' || verb === 'attach') && (parts.length === 4 || parts.length === 5)) {
    return { verb, ns: parts[1]!, pod: parts[2]!, container: parts[parts.length - 1]! };
  }
  if (verb === 'portForward' && (parts.length === 3 || parts.length === 4)) return { verb, ns: parts[1]!, pod: parts[2]!, container: '' };
  throw new K8sError('NotFound', 'the server could not find the requested resource');
}

/** Create the upgrade handler of a kubelet server. */
export function createUpgradeHandler(cfg: KubeletServerConfig): (req: IncomingMessage, socket: Duplex, head: Buffer) => Promise<void> {
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, handleProtocols: (set) => pick([...set]) });
  let pick: (offers: string[]) => string | false = () => false;
  const accept = (req: IncomingMessage, socket: Duplex, head: Buffer, protocols: string[]): Promise<{ ws: WebSocket; protocol: string }> => {
    const chosen = offered(req, 'sec-websocket-protocol').find((p) => protocols.includes(p));
    if (!chosen) throw new K8sError('BadRequest', `unable to upgrade: no supported subprotocol among [${offered(req, 'sec-websocket-protocol').join(', ')}]`);
    pick = () => chosen;
    return new Promise((resolve) => wss.handleUpgrade(req, socket, head, (ws) => resolve({ ws, protocol: chosen })));
  };
  const switchSpdy = (req: IncomingMessage, socket: Duplex, head: Buffer, protocols: string[]): string => {
    const versions = offered(req, 'x-stream-protocol-version');
    const chosen = versions.length === 0 ? protocols[protocols.length - 1]! : versions.find((v) => protocols.includes(v));
    if (!chosen) throw new K8sError('Forbidden', `unable to upgrade: unable to negotiate protocol: client supports [${versions.join(' ')}], server supports [${protocols.join(' ')}]`);
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: ${chosen}\r\n\r\n`);
    if (head.length > 0) socket.unshift(head);
    return chosen;
  };

  return async (req, socket, head) => {
    socket.on('error', () => {});
    let switched = false;
    try {
      const url = new URL(req.url ?? '/', 'https://kubelet');
      const r = route(url.pathname);
      const pod = mustPod(cfg, r.ns, r.pod);
      const isWs = (req.headers.upgrade ?? '').toLowerCase() === 'websocket';
      if (!isWs && !/^spdy\/3\.1$/i.test(req.headers.upgrade ?? '')) throw new K8sError('BadRequest', `unsupported upgrade protocol "${req.headers.upgrade ?? ''}"`);
      if (r.verb === 'portForward') {
        const sandbox = await podSandboxId(cfg, pod);
        if (isWs) {
          const { ws } = await accept(req, socket, head, [PORTFORWARD_TUNNEL_PROTOCOL]);
          switched = true;
          const stream = createWebSocketStream(ws);
          stream.on('error', () => {});
          await servePortForward(cfg, stream, pod, sandbox);
        } else {
          switchSpdy(req, socket, head, [PORTFORWARD_PROTOCOL]);
          switched = true;
          await servePortForward(cfg, socket, pod, sandbox);
        }
        return;
      }
      const o = parseRemoteCommandOptions(r.verb, url.searchParams);
      const c = await runningContainer(cfg, pod, r.container);
      if (isWs) {
        const { ws, protocol } = await accept(req, socket, head, WS_CHANNEL_PROTOCOLS);
        switched = true;
        await runRemoteCommand(cfg, c.id, o, wsChannels(ws, protocol, o));
      } else {
        const protocol = switchSpdy(req, socket, head, SPDY_CHANNEL_PROTOCOLS);
        switched = true;
        const ch = await spdyChannels(socket, protocol, o, cfg.logger);
        if (ch) await runRemoteCommand(cfg, c.id, o, ch);
      }
    } catch (e) {
      if (!switched && !socket.writableEnded && !socket.destroyed) rejectUpgrade(socket, e);
      else cfg.logger.debug('streaming session failed', { err: (e as Error).message });
    }
  };
}
