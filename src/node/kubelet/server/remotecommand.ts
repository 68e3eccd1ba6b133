/**
 * An exec or attach session, independent of the wire protocol: the
 * protocol adapters (ws-remotecommand.ts, spdy-remotecommand.ts) turn their
 * channels into {@link SessionChannels}; this file runs the command in the
 * runtime and reports the outcome on the error channel.
 */
import type { Readable, Writable } from 'node:stream';
import { K8sError } from '../../../base/errors.ts';
import type { TerminalSize } from '../../runtime/types.ts';
import { remoteStatus } from './status.ts';
import { bridgeRemoteCommand } from './cri-bridge.ts';
import type { KubeletServerConfig } from './types.ts';

/** What a client asked for (query parameters of /exec and /attach). */
export interface RemoteCommandOptions {
  kind: 'exec' | 'attach';
  command: string[];
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

/** A protocol's channels for one session. */
export interface SessionChannels {
  stdin?: Readable;
  stdout?: Writable;
  stderr?: Writable;
  onResize?: (listener: (size: TerminalSize) => void) => void;
  /** Send the outcome (undefined: nothing to send) and end the error channel. */
  writeStatus(status: Buffer | undefined): Promise<void>;
  /** v4+ protocols send a metav1.Status; older ones plain text. */
  v4: boolean;
  /** Aborted when the client goes away. */
  signal: AbortSignal;
}

/** Parse /exec or /attach query parameters (upstream accepts 1/true; v1 named stdin/stdout input/output). */
export function parseRemoteCommandOptions(kind: 'exec' | 'attach', q: URLSearchParams): RemoteCommandOptions {
  const flag = (...names: string[]) => names.some((n) => q.get(n) === '1' || q.get(n) === 'true');
  const o: RemoteCommandOptions = {
    kind, command: q.getAll('command'), stdin: flag('stdin', 'input'), stdout: flag('stdout', 'output'), stderr: flag('stderr'), tty: flag('tty'),
  };
  if (o.tty) o.stderr = false;
  if (kind === 'exec' && o.command.length === 0) throw new K8sError('BadRequest', 'you must specify at least one command for the container');
  if (!o.stdin && !o.stdout && !o.stderr) throw new K8sError('BadRequest', 'you must specify at least one of stdin, stdout, stderr');
  return o;
}

function endStream(w: Writable | undefined): Promise<void> {
  if (!w || w.writableEnded || w.destroyed) return Promise.resolve();
  return new Promise((resolve) => { w.end(() => resolve()); w.once('error', () => resolve()); w.once('close', () => resolve()); });
}

/** Run the session to its end: output streams closed, status written. */
export async function runRemoteCommand(cfg: KubeletServerConfig, containerId: string, o: RemoteCommandOptions, ch: SessionChannels): Promise<void> {
  const io = { stdin: ch.stdin, stdout: ch.stdout, stderr: ch.stderr, tty: o.tty, onResize: ch.onResize, signal: ch.signal };
  let result: { code: number } | { error: unknown };
  try {
    const rt = cfg.runtime;
    const want = { containerId, tty: o.tty, stdin: !!ch.stdin, stdout: !!ch.stdout, stderr: !!ch.stderr };
    if (o.kind === 'exec') {
      if (rt.execStream) result = { code: await rt.execStream(containerId, o.command, io) };
      else if (rt.exec) result = { code: await bridgeRemoteCommand(await rt.exec({ ...want, cmd: o.command }), io) };
      else throw new K8sError('BadRequest', 'the container runtime does not support exec');
    } else {
      if (rt.attachStream) result = { code: (await rt.attachStream(containerId, io)) ?? 0 };
      else if (rt.attach) result = { code: await bridgeRemoteCommand(await rt.attach(want), io) };
      else throw new K8sError('BadRequest', 'the container runtime does not support attach');
    }
  } catch (e) {
    cfg.logger.debug('remote command failed', { kind: o.kind, err: (e as Error).message });
    result = { error: e };
  }
  await Promise.all([endStream(ch.stdout), endStream(ch.stderr)]);
  await ch.writeStatus(remoteStatus(result, o.command, ch.v4));
}
