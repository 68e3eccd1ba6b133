/**
 * Watches the static pod directory (DIR/manifests): every .yaml, .yml or
 * .json file is read on a change (fs.watch) and at least every 20 s
 * (upstream's file check frequency), and the set of static pods is
 * replaced; a callback gets the keys that changed or went away. A file that
 * does not parse is logged and skipped, its pods kept as they were.
 */
import { watch, type FSWatcher } from 'node:fs';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { Logger } from '../../../base/logger.ts';
import type { KObject } from '../../../api/types.ts';
import { ANNOTATION_CONFIG_SEEN, staticPodsOf } from './manifest.ts';

const keyOf = (p: KObject) => `${p.metadata.namespace as string}/${p.metadata.name as string}`;

/** The static pods of a directory, kept current. */
export class StaticPodFiles {
  private pods = new Map<string, KObject>();
  private byFile = new Map<string, KObject[]>();
  private watcher?: FSWatcher;
  private timer?: NodeJS.Timeout;
  private scanning?: Promise<void>;
  private again = false;

  constructor(private readonly cfg: { dir: string; nodeName: string; logger: Logger; onChange: (keys: string[]) => void; rescanMs?: number }) {}

  get(key: string): KObject | undefined { return this.pods.get(key); }
  keys(): string[] { return [...this.pods.keys()]; }

  /** Read the directory once, then watch it. */
  async start(): Promise<void> {
    await mkdir(this.cfg.dir, { recursive: true });
    await this.scan();
    try { this.watcher = watch(this.cfg.dir, () => this.rescan()); } catch { this.watcher = undefined; }
    this.timer = setInterval(() => this.rescan(), this.cfg.rescanMs ?? 20_000);
    this.timer.unref();
  }

  stop(): void { this.watcher?.close(); clearInterval(this.timer); }

  private rescan(): void {
    if (this.scanning) { this.again = true; return; }
    this.scanning = this.scan().catch((e: unknown) => this.cfg.logger.warn('static pod scan failed', { err: (e as Error).message }))
      .finally(() => { this.scanning = undefined; if (this.again) { this.again = false; this.rescan(); } });
  }

  private async scan(): Promise<void> {
    const files = (await readdir(this.cfg.dir).catch(() => [] as string[])).filter((f) => /\.(ya?ml|json)$/.test(f) && !f.startsWith('.')).sort();
    const byFile = new Map<string, KObject[]>();
    for (const f of files) {
      try {
        const text = await readFile(join(this.cfg.dir, f), 'utf8');
        byFile.set(f, staticPodsOf(text, f, this.cfg.nodeName, new Date()));
      } catch (e) {
        this.cfg.logger.warn('static pod manifest skipped', { file: f, err: (e as Error).message });
        if (this.byFile.has(f)) byFile.set(f, this.byFile.get(f)!);
      }
    }
    const next = new Map<string, KObject>();
    for (const list of byFile.values()) for (const p of list) if (!next.has(keyOf(p))) next.set(keyOf(p), p);
    const changed: string[] = [];
    for (const [k, p] of next) {
      const old = this.pods.get(k);
      if (old && old.metadata.uid === p.metadata.uid) {
        // Same manifest: keep the first-seen object (its config.seen time) so nothing churns.
        next.set(k, old);
        continue;
      }
      if (!old || !isDeepStrictEqual(withoutSeen(old), withoutSeen(p))) changed.push(k);
    }
    for (const k of this.pods.keys()) if (!next.has(k)) changed.push(k);
    this.pods = next;
    this.byFile = byFile;
    if (changed.length) this.cfg.onChange(changed);
  }
}

function withoutSeen(p: KObject): unknown {
  const c = structuredClone(p);
  delete c.metadata.annotations?.[ANNOTATION_CONFIG_SEEN];
  return c;
}
