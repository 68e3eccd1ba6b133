/**
 * exec/attach over SPDY/3.1 (kubectl before 1.29, and newer ones when a
 * WebSocket upgrade fails): the client opens one stream per channel, named
 * by its `streamType` header (error, stdin, stdout, stderr, resize). The
 * session starts once every stream the query asked for exists.
 */
import type { Duplex } from 'node:stream';
import { SpdySession, type SpdyStream } from '../../../base/spdy/session.ts';
import type { Logger } from '../../../base/logger.ts';
import type { TerminalSize } from '../../runtime/types.ts';
import type { SessionChannels } from './remotecommand.ts';

/** X-Stream-Protocol-Version values of remotecommand over SPDY, best first. */
export const SPDY_CHANNEL_PROTOCOLS = ['v4.channel.k8s.io', 'v3.channel.k8s.io', 'v2.channel.k8s.io', 'channel.k8s.io'];

/** How long a client has to open its streams (upstream: 30 s). */
const STREAM_CREATION_TIMEOUT_MS = 30_000;

/** Wait for the client's streams on an upgraded connection; undefined if they never came. */
export function spdyChannels(conn: Duplex, protocol: string, want: { stdin: boolean; stdout: boolean; stderr: boolean; tty: boolean }, logger: Logger): Promise<(SessionChannels & { close(): void }) | undefined> {
  const streams = new Map<string, SpdyStream>();
  const needed = ['error'];
  if (want.stdin) needed.push('stdin');
  if (want.stdout) needed.push('stdout');
  if (want.stderr && !want.tty) needed.push('stderr');
  if (want.tty && (protocol === 'v3.channel.k8s.io' || protocol === 'v4.channel.k8s.io')) needed.push('resize');
  return new Promise((resolve) => {
    const abort = new AbortController();
    const timer = setTimeout(() => { session.close(); resolve(undefined); }, STREAM_CREATION_TIMEOUT_MS);
    const session: SpdySession = new SpdySession(conn, {
      server: true, logger,
      onStream: (s) => {
        const type = s.header('streamtype') ?? '';
        s.reply();
        streams.set(type, s);
        if (!needed.every((n) => streams.has(n))) return;
        clearTimeout(timer);
        resolve(channels());
      },
    });
    session.done.then(() => { clearTimeout(timer); abort.abort(); resolve(undefined); });
    const channels = (): SessionChannels & { close(): void } => {
      const error = streams.get('error')!;
      const resize = streams.get('resize');
      const listeners = new Set<(s: TerminalSize) => void>();
      if (resize) {
        let buf = '';
        resize.on('data', (c: Buffer) => {
          buf += c.toString();
          // Each message is one JSON object; split on the closing brace.
          let end: number;
          while ((end = buf.indexOf('}')) >= 0) {
            const one = buf.slice(0, end + 1);
            buf = buf.slice(end + 1);
            try {
              const s = JSON.parse(one) as { Width?: number; Height?: number };
              for (const l of listeners) l({ width: s.Width ?? 0, height: s.Height ?? 0 });
            } catch { /* ignore a malformed resize */ }
          }
        });
      }
      const stdin = streams.get('stdin');
      stdin?.on('error', () => {});
      return {
        stdin,
        stdout: streams.get('stdout'),
        stderr: streams.get('stderr'),
        onResize: (l) => { listeners.add(l); },
        v4: protocol === 'v4.channel.k8s.io',
        signal: abort.signal,
        writeStatus: (status) => new Promise<void>((res) => {
          const finish = () => error.end(() => { setTimeout(() => session.close(), 50); res(); });
          if (status) error.write(status, finish); else finish();
        }),
        close: () => session.close(),
      };
    };
  });
}
