/**
 * For runtimes with a CRI streaming server (containerd): the kubelet dials
 * the URL that CRI Exec/Attach/PortForward return, as a SPDY/3.1 client
 * (v4.channel.k8s.io, portforward.k8s.io), and bridges it to the streams of
 * the client's session, so clients get every protocol the kubelet speaks
 * whatever the runtime's server supports (upstream's kubelet proxies the
 * same way when it does not redirect).
 */
import http from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';
import { K8sError } from '../../../base/errors.ts';
import { SpdySession, type SpdyStream } from '../../../base/spdy/session.ts';
import type { StreamIO } from '../../runtime/types.ts';

/** TLS options when the streaming server is https (tests dial a kubelet). */
export type BridgeTLS = Pick<https.RequestOptions, 'ca' | 'cert' | 'key'>;

/** Upgrade `url` to SPDY with `protocol`; resolves with the client session. */
export function dialSpdy(url: string, protocol: string, tls?: BridgeTLS): Promise<SpdySession> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const mod = u.protocol === 'https:' ? https : http;
    const req = mod.request(u, {
      method: 'POST', ...(tls ?? {}), agent: false,
      headers: { connection: 'Upgrade', upgrade: 'SPDY/3.1', 'x-stream-protocol-version': protocol },
    });
    req.on('upgrade', (_res, socket: Duplex, head: Buffer) => {
      if (head.length) socket.unshift(head);
      resolve(new SpdySession(socket, { server: false }));
    });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (c: Buffer) => { body += c; });
      res.on('end', () => reject(new K8sError('InternalError', `streaming server answered ${res.statusCode}: ${body.trim()}`)));
    });
    req.on('error', (e) => reject(new K8sError('InternalError', `error dialing the streaming server: ${e.message}`)));
    req.end();
  });
}

function replied(s: SpdyStream): Promise<void> {
  return new Promise((resolve, reject) => { s.once('reply', () => resolve()); s.once('close', () => reject(new K8sError('InternalError', 'stream reset'))); });
}

function ended(s: SpdyStream): Promise<void> {
  return new Promise((resolve) => { s.once('end', resolve); s.once('close', resolve); s.resume(); });
}

/** Exit code from a v4 error-stream Status (throws the failure otherwise). */
export function exitCodeOf(status: string): number {
  if (status.trim() === '') return 0;
  let st: { status?: string; reason?: string; message?: string; details?: { causes?: Array<{ reason?: string; message?: string }> } };
  try { st = JSON.parse(status); } catch { throw new K8sError('InternalError', status); }
  if (st.status === 'Success') return 0;
  const cause = st.details?.causes?.find((c) => c.reason === 'ExitCode');
  if (st.reason === 'NonZeroExitCode' && cause) return Number(cause.message);
  throw new K8sError('InternalError', st.message ?? status);
}

/** Run an exec/attach session against a CRI streaming URL. */
export async function bridgeRemoteCommand(url: string, io: StreamIO, tls?: BridgeTLS): Promise<number> {
  const session = await dialSpdy(url, 'v4.channel.k8s.io', tls);
  try {
    const error = session.openStream({ streamtype: ['error'] });
    const stdin = io.stdin ? session.openStream({ streamtype: ['stdin'] }) : undefined;
    const stdout = io.stdout ? session.openStream({ streamtype: ['stdout'] }) : undefined;
    const stderr = io.stderr && !io.tty ? session.openStream({ streamtype: ['stderr'] }) : undefined;
    const resize = io.tty ? session.openStream({ streamtype: ['resize'] }) : undefined;
    const all = [error, stdin, stdout, stderr, resize].filter((s): s is SpdyStream => !!s);
    await Promise.all(all.map(replied));
    let status = '';
    error.on('data', (c: Buffer) => { status += c; });
    error.end();
    stdout?.on('data', (c: Buffer) => io.stdout?.write(c));
    stderr?.on('data', (c: Buffer) => io.stderr?.write(c));
    if (io.stdin && stdin) io.stdin.pipe(stdin);
    io.onResize?.((s) => resize?.write(JSON.stringify({ Width: s.width, Height: s.height })));
    io.signal?.addEventListener('abort', () => session.close(), { once: true });
    await Promise.all([ended(error), ...(stdout ? [ended(stdout)] : []), ...(stderr ? [ended(stderr)] : [])]);
    return exitCodeOf(status);
  } finally {
    session.close();
  }
}

/** Forward one connection to `port` through a CRI port-forward URL. */
export async function bridgePortForward(url: string, port: number, conn: Duplex, tls?: BridgeTLS): Promise<void> {
  const session = await dialSpdy(url, 'portforward.k8s.io', tls);
  try {
    const headers = { port: [String(port)], requestid: ['0'] };
    const error = session.openStream({ ...headers, streamtype: ['error'] });
    const data = session.openStream({ ...headers, streamtype: ['data'] });
    await Promise.all([replied(error), replied(data)]);
    error.end();
    let message = '';
    error.on('data', (c: Buffer) => { message += c; });
    conn.pipe(data);
    data.pipe(conn);
    await Promise.all([ended(data), new Promise((r) => { conn.once('finish', r); conn.once('close', r); })]);
    if (message) throw new K8sError('InternalError', message);
  } finally {
    session.close();
  }
}
