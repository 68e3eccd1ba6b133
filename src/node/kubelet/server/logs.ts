/**
 * GET /containerLogs/{namespace}/{pod}/{container}: the container's CRI log
 * file rendered as `kubectl logs` shows it, with upstream's options
 * (follow, previous, tailLines, sinceSeconds, sinceTime, timestamps,
 * limitBytes). Follow polls the file and ends once the container has exited
 * and everything it wrote was sent.
 */
import { open, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { K8sError } from '../../../base/errors.ts';
import { parseCriLog, type CriLogRecord } from '../../runtime/cri-log.ts';
import { logContainer, mustPod } from './lookup.ts';
import type { ContainerRef, KubeletServerConfig } from './types.ts';

/** Upstream's PodLogOptions, as query parameters. */
export interface LogOptions {
  follow: boolean;
  previous: boolean;
  timestamps: boolean;
  tailLines?: number;
  /** Only records at or after this time (ms). */
  sinceMs?: number;
  limitBytes?: number;
}

const FOLLOW_POLL_MS = 200;

function intParam(q: URLSearchParams, name: string, min: number): number | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new K8sError('BadRequest', `invalid ${name}: ${v}`);
  return n;
}

/** Parse the query of a log request. */
export function parseLogOptions(q: URLSearchParams, now = Date.now()): LogOptions {
  const bool = (n: string) => q.get(n) === 'true' || q.get(n) === '1';
  const since = intParam(q, 'sinceSeconds', 1);
  const sinceTime = q.get('sinceTime');
  let sinceMs = since !== undefined ? now - since * 1000 : undefined;
  if (sinceTime) {
    const t = Date.parse(sinceTime);
    if (Number.isNaN(t)) throw new K8sError('BadRequest', `invalid sinceTime: ${sinceTime}`);
    sinceMs = t;
  }
  return {
    follow: bool('follow'), previous: bool('previous'), timestamps: bool('timestamps'),
    tailLines: intParam(q, 'tailLines', 0), sinceMs, limitBytes: intParam(q, 'limitBytes', 1),
  };
}

/** Split `buf` into complete lines; returns the records and the bytes consumed. */
function records(buf: Buffer): { recs: CriLogRecord[]; used: number } {
  const recs: CriLogRecord[] = [];
  let start = 0;
  let nl: number;
  while ((nl = buf.indexOf(0x0a, start)) >= 0) {
    const r = parseCriLog(buf.subarray(start, nl));
    if (r) recs.push(r);
    start = nl + 1;
  }
  return { recs, used: start };
}

/** Keep the last `n` logical lines (a run of P records plus their F record is one line). */
function tail(recs: CriLogRecord[], n: number): CriLogRecord[] {
  if (n === 0) return [];
  let lines = 0;
  for (let i = recs.length - 1; i >= 0; i--) {
    if (!recs[i]!.partial || i === recs.length - 1) {
      if (!recs[i]!.partial) lines++;
      if (lines > n) return recs.slice(i + 1);
    }
  }
  return recs;
}

/** Serve one container log request. */
export async function serveContainerLogs(cfg: KubeletServerConfig, ref: ContainerRef, query: URLSearchParams, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const opts = parseLogOptions(query);
  const pod = mustPod(cfg, ref.namespace, ref.pod);
  const c = await logContainer(cfg, pod, ref.container, opts.previous);
  res.writeHead(200, { 'content-type': 'text/plain', 'cache-control': 'no-cache, private' });
  if (!c.logPath) { res.end(); return; }
  let sent = 0;
  let closed = false;
  req.on('close', () => { closed = true; });
  const emit = (recs: CriLogRecord[]): boolean => {
    for (const r of recs) {
      if (opts.sinceMs !== undefined && r.timeMs < opts.sinceMs) continue;
      let out = r.partial ? r.content : Buffer.concat([r.content, Buffer.from('\n')]);
      if (opts.timestamps) out = Buffer.concat([Buffer.from(`${r.time} `), out]);
      if (opts.limitBytes !== undefined && sent + out.length >= opts.limitBytes) {
        res.write(out.subarray(0, opts.limitBytes - sent));
        return false;
      }
      sent += out.length;
      res.write(out);
    }
    return true;
  };
  let offset = 0;
  const readNew = async (): Promise<CriLogRecord[]> => {
    const fh = await open(c.logPath!, 'r').catch(() => undefined);
    if (!fh) return [];
    try {
      const { size } = await fh.stat();
      if (size <= offset) return [];
      const buf = Buffer.alloc(size - offset);
      await fh.read(buf, 0, buf.length, offset);
      const { recs, used } = records(buf);
      offset += used;
      return recs;
    } finally { await fh.close(); }
  };
  let recs = await readNew();
  if (opts.tailLines !== undefined) recs = tail(recs, opts.tailLines);
  if (!emit(recs) || !opts.follow) { res.end(); return; }
  while (!closed) {
    await new Promise((r) => setTimeout(r, FOLLOW_POLL_MS));
    const more = await readNew();
    if (!emit(more)) break;
    if (more.length > 0) continue;
    const st = await cfg.runtime.containerStatus(c.id).catch(() => undefined);
    if (!st || st.state !== 'CONTAINER_RUNNING') {
      // Exited: send what it wrote last, then end.
      emit(await readNew());
      break;
    }
    await stat(c.logPath).catch(() => undefined);
  }
  res.end();
}
