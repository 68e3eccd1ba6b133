/**
 * The WebSocket channel protocols of exec/attach (`v5.channel.k8s.io` as
 * kubectl 1.29+ speaks it, and v4/v3/v2/`channel.k8s.io`): every binary
 * message starts with a channel byte (0 stdin, 1 stdout, 2 stderr, 3 error,
 * 4 resize); v5 adds 255 = "close channel N" so a client can end stdin
 * without closing the socket. base64 variants send text messages whose
 * first character is the channel digit and whose rest is base64.
 */
import { PassThrough, Writable } from 'node:stream';
import type { WebSocket } from 'ws';
import type { TerminalSize } from '../../runtime/types.ts';
import type { SessionChannels } from './remotecommand.ts';

/** Channel protocols we speak, best first. */
export const WS_CHANNEL_PROTOCOLS = [
  'v5.channel.k8s.io', 'v4.channel.k8s.io', 'v4.base64.channel.k8s.io', 'v3.channel.k8s.io', 'v2.channel.k8s.io',
  'channel.k8s.io', 'base64.channel.k8s.io',
];

const STDIN = 0, STDOUT = 1, STDERR = 2, ERROR = 3, RESIZE = 4, CLOSE = 255;

/** Channels of one session over an accepted WebSocket. */
export function wsChannels(ws: WebSocket, protocol: string, want: { stdin: boolean; stdout: boolean; stderr: boolean; tty: boolean }): SessionChannels {
  const base64 = protocol.includes('base64');
  const abort = new AbortController();
  const resize = new Set<(s: TerminalSize) => void>();
  const stdin = want.stdin ? new PassThrough() : undefined;
  const send = (channel: number, data: Buffer, cb?: (err?: Error) => void) => {
    if (ws.readyState !== ws.OPEN) { cb?.(); return; }
    if (base64) ws.send(String.fromCharCode(48 + channel) + data.toString('base64'), cb);
    else ws.send(Buffer.concat([Buffer.from([channel]), data]), { binary: true }, cb);
  };
  const out = (channel: number) => new Writable({ write(chunk: Buffer, _e, cb) { send(channel, chunk, () => cb()); } });
  ws.on('message', (raw: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
    let msg = Buffer.isBuffer(raw) ? raw : Array.isArray(raw) ? Buffer.concat(raw) : Buffer.from(raw);
    if (msg.length === 0) return;
    let channel = msg[0]!;
    let data = msg.subarray(1);
    if (base64 && !isBinary) { channel = msg[0]! - 48; data = Buffer.from(msg.toString('latin1', 1), 'base64'); }
    if (channel === STDIN) stdin?.write(data);
    else if (channel === RESIZE) {
      try {
        const s = JSON.parse(data.toString()) as { Width?: number; Height?: number };
        for (const l of resize) l({ width: s.Width ?? 0, height: s.Height ?? 0 });
      } catch { /* a malformed resize is ignored, as upstream */ }
    } else if (channel === CLOSE && data[0] === STDIN) stdin?.end();
    msg = Buffer.alloc(0);
  });
  ws.on('close', () => { abort.abort(); stdin?.end(); });
  ws.on('error', () => abort.abort());
  return {
    stdin,
    stdout: want.stdout ? out(STDOUT) : undefined,
    stderr: want.stderr && !want.tty ? out(STDERR) : undefined,
    onResize: (l) => { resize.add(l); },
    v4: protocol.startsWith('v4') || protocol.startsWith('v5'),
    signal: abort.signal,
    writeStatus: (status) => new Promise<void>((resolve) => {
      const done = () => { if (ws.readyState === ws.OPEN) ws.close(1000); resolve(); };
      if (status) send(ERROR, status, done); else done();
    }),
  };
}
