/**
 * Port forwarding (`portforward.k8s.io`) over SPDY, whether the SPDY
 * connection came from an HTTP upgrade (kubectl 1.20) or is tunneled in a
 * WebSocket (`SPDY/3.1+portforward.k8s.io`, kubectl 1.31+). Each forwarded
 * connection is a pair of client streams sharing a `requestID` header: an
 * error stream (we write a message there if the port cannot be reached)
 * and a data stream connected to the port through the runtime.
 */
import type { Duplex } from 'node:stream';
import { SpdySession, type SpdyStream } from '../../../base/spdy/session.ts';
import { isK8sError } from '../../../base/errors.ts';
import type { KObject } from '../../../api/types.ts';
import type { KubeletServerConfig } from './types.ts';
import { bridgePortForward } from './cri-bridge.ts';

/** Protocol names of SPDY port forwarding. */
export const PORTFORWARD_PROTOCOL = 'portforward.k8s.io';
export const PORTFORWARD_TUNNEL_PROTOCOL = 'SPDY/3.1+portforward.k8s.io';

interface Pair { error?: SpdyStream; data?: SpdyStream; started?: boolean }

/** Serve one port-forward connection until the client closes it. */
export function servePortForward(cfg: KubeletServerConfig, conn: Duplex, pod: KObject, sandboxId: string): Promise<void> {
  const pairs = new Map<string, Pair>();
  const forward = (id: string, p: Pair) => {
    if (p.started || !p.data) return;
    p.started = true;
    const data = p.data;
    const port = Number(data.header('port'));
    data.on('error', () => {});
    const fail = (e: unknown) => {
      const msg = `error forwarding port ${port} to pod ${sandboxId}, uid : ${isK8sError(e) ? e.message : (e as Error).message}`;
      cfg.logger.debug('port forward failed', { pod: pod.metadata.name, port, err: msg });
      if (p.error && !p.error.writableEnded) p.error.end(Buffer.from(msg));
      if (!data.writableEnded) data.end();
    };
    if (!Number.isInteger(port) || port < 1 || port > 65535) { fail(new Error(`invalid port ${data.header('port')}`)); return; }
    const rt = cfg.runtime;
    let run: Promise<void>;
    if (rt.portForwardStream) run = rt.portForwardStream(sandboxId, port, data);
    else if (rt.portForward) run = rt.portForward(sandboxId, [port]).then((url) => bridgePortForward(url, port, data));
    else { fail(new Error('the container runtime does not support port forwarding')); return; }
    run.then(() => {
      if (!data.writableEnded) data.end();
      if (p.error && !p.error.writableEnded) p.error.end();
      pairs.delete(id);
    }, fail);
  };
  const session = new SpdySession(conn, {
    server: true, logger: cfg.logger,
    onStream: (s) => {
      s.reply();
      const id = s.header('requestid') ?? '0';
      const p = pairs.get(id) ?? {};
      pairs.set(id, p);
      if (s.header('streamtype') === 'error') { p.error = s; s.on('error', () => {}); s.resume(); } else if (s.header('streamtype') === 'data') p.data = s;
      else { s.reset(); return; }
      // The error stream comes first; forward once the data stream is here too.
      if (p.data && p.error) forward(id, p);
    },
  });
  return session.done;
}
