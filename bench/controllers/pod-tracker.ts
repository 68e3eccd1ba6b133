/**
 * Follows the pods of one label selector through a watch, so a benchmark can
 * ask how many exist and how many run a given image without listing 1,000
 * pods every few milliseconds.
 */
import type { KObject } from '../../src/api/types.ts';
import type { KubeClient, WatchStream } from '../../src/client/types.ts';

interface Seen { phase: string; image: string; deleting: boolean }

/** Live view of pods by name. */
export class PodTracker {
  private readonly pods = new Map<string, Seen>();
  private constructor(private readonly stream: WatchStream<KObject>) {}

  /** Start watching `namespace` pods matching `labelSelector`. */
  static async start(c: KubeClient, namespace: string, labelSelector: string): Promise<PodTracker> {
    const w = await c.watch<KObject>({ group: '', version: 'v1', plural: 'pods', namespace }, { labelSelector, resourceVersion: '0' });
    const t = new PodTracker(w);
    void (async () => {
      for await (const ev of w) {
        if (ev.type === 'BOOKMARK' || ev.type === 'ERROR') continue;
        const name = ev.object.metadata.name as string;
        if (ev.type === 'DELETED') { t.pods.delete(name); continue; }
        t.pods.set(name, {
          phase: ev.object.status?.phase ?? '', image: ev.object.spec?.containers?.[0]?.image ?? '',
          deleting: Boolean(ev.object.metadata.deletionTimestamp),
        });
      }
    })();
    return t;
  }

  /** Pods that exist (including terminating ones). */
  count(): number { return this.pods.size; }

  /** Pods Running this image and not being deleted. */
  running(image: string): number {
    let n = 0;
    for (const p of this.pods.values()) if (p.phase === 'Running' && p.image === image && !p.deleting) n++;
    return n;
  }

  /** Counts by phase, for progress lines. */
  stats(): string {
    const by: Record<string, number> = {};
    for (const p of this.pods.values()) by[p.phase || 'none'] = (by[p.phase || 'none'] ?? 0) + 1;
    return JSON.stringify(by);
  }

  stop(): void { this.stream.stop(); }
}
