/**
 * terminationMessagePath / terminationMessagePolicy (issue 6 item 3): each
 * container instance gets a host file bind-mounted at its
 * terminationMessagePath (default /dev/termination-log); once it exits the
 * kubelet reports the file (at most 4096 bytes) as the terminated state's
 * message, or with FallbackToLogsOnError and a failure and an empty file,
 * the last 80 lines (at most 2048 bytes) of its log, as upstream does.
 */
import { chmod, mkdir, open, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { KObject } from '../../api/types.ts';
import { parseCriLog } from '../runtime/cri-log.ts';
import type { ContainerStatus as RuntimeContainer, Mount } from '../runtime/types.ts';
import { podLogDirectory } from './runtime-config.ts';

type Obj = Record<string, unknown>;

/** Upstream's limits. */
export const MAX_TERMINATION_MESSAGE_BYTES = 4096;
export const FALLBACK_LOG_LINES = 80;
export const FALLBACK_LOG_BYTES = 2048;

/** Host file of one container instance's termination message. */
export function terminationMessageFile(root: string, pod: KObject, name: string, attempt: number): string {
  return join(podLogDirectory(root, pod), name, `${attempt}.termination-log`);
}

/** Create the (empty, world-writable) file and return its mount. */
export async function terminationMessageMount(root: string, pod: KObject, spec: Obj, attempt: number): Promise<Mount> {
  const file = terminationMessageFile(root, pod, spec.name as string, attempt);
  await mkdir(join(file, '..'), { recursive: true });
  await writeFile(file, '');
  // Containers running as any user may write their message (upstream creates it 0666).
  await chmod(file, 0o666);
  return { containerPath: String(spec.terminationMessagePath || '/dev/termination-log'), hostPath: file };
}

async function readTail(path: string, max: number): Promise<Buffer> {
  const fh = await open(path, 'r').catch(() => undefined);
  if (!fh) return Buffer.alloc(0);
  try {
    const size = (await fh.stat()).size;
    const len = Math.min(size, max);
    const buf = Buffer.alloc(len);
    await fh.read(buf, 0, len, size - len);
    return buf;
  } finally {
    await fh.close();
  }
}

async function readHead(path: string, max: number): Promise<string> {
  const fh = await open(path, 'r').catch(() => undefined);
  if (!fh) return '';
  try {
    const buf = Buffer.alloc(max);
    const { bytesRead } = await fh.read(buf, 0, max, 0);
    return buf.subarray(0, bytesRead).toString();
  } finally {
    await fh.close();
  }
}

/** The last lines of a CRI log file as the container wrote them. */
export async function logTail(logPath: string, lines = FALLBACK_LOG_LINES, maxBytes = FALLBACK_LOG_BYTES): Promise<string> {
  // CRI records carry a ~40-byte prefix; read enough raw bytes for maxBytes of content.
  const raw = await readTail(logPath, maxBytes * 4 + lines * 48);
  const out: Buffer[] = [];
  for (const line of raw.toString('latin1').split('\n')) {
    const rec = parseCriLog(Buffer.from(line, 'latin1'));
    if (rec) out.push(rec.partial ? rec.content : Buffer.concat([rec.content, Buffer.from('\n')]));
  }
  const text = Buffer.concat(out).toString().split('\n');
  if (text[text.length - 1] === '') text.pop();
  const tail = Buffer.from(text.slice(-lines).map((l) => `${l}\n`).join(''));
  return tail.subarray(Math.max(0, tail.length - maxBytes)).toString();
}

/**
 * Fills `message` of exited containers from their termination files (or
 * logs), reading each container's file once. The cache is kept per pod uid:
 * `fill` is called for one pod at a time, so it may only drop entries of
 * that pod (its containers no longer listed); `forget` drops a removed pod's.
 */
export class TerminationMessages {
  /** pod uid -> container id -> message ('' when there is none). */
  private readonly cache = new Map<string, Map<string, string>>();

  constructor(private readonly root: string) {}

  /** `containers`: the pod's current runtime containers, all of them (entries of others are dropped). */
  async fill(pod: KObject, containers: RuntimeContainer[]): Promise<RuntimeContainer[]> {
    const uid = pod.metadata.uid as string;
    const specs = [...((pod.spec?.initContainers ?? []) as Obj[]), ...((pod.spec?.containers ?? []) as Obj[])];
    const live = new Set(containers.map((c) => c.id));
    let mine = this.cache.get(uid);
    if (mine) for (const id of mine.keys()) if (!live.has(id)) mine.delete(id);
    if (mine?.size === 0) { this.cache.delete(uid); mine = undefined; }
    return Promise.all(containers.map(async (c) => {
      if (c.state !== 'CONTAINER_EXITED' || c.message) return c;
      let msg = mine?.get(c.id);
      if (msg === undefined) {
        const spec = specs.find((s) => s.name === c.metadata.name) ?? {};
        msg = await readHead(terminationMessageFile(this.root, pod, c.metadata.name, c.metadata.attempt), MAX_TERMINATION_MESSAGE_BYTES);
        if (!msg && spec.terminationMessagePolicy === 'FallbackToLogsOnError' && c.exitCode !== 0 && c.logPath) msg = await logTail(c.logPath);
        // Looked up again: a concurrent fill of the same pod may have made or dropped the map meanwhile.
        let m = this.cache.get(uid);
        if (!m) this.cache.set(uid, m = new Map());
        m.set(c.id, msg);
      }
      return msg ? { ...c, message: msg } : c;
    }));
  }

  /** Drop everything cached for a pod uid (its containers are removed). */
  forget(uid: string): void { this.cache.delete(uid); }

  /** Number of pods with cached messages. */
  get pods(): number { return this.cache.size; }
}
