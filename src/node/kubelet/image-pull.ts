/**
 * Image pulls by imagePullPolicy (upstream's image manager): Never uses only
 * a present image, IfNotPresent pulls when missing, Always asks the runtime
 * to pull (a cheap check when unchanged). A failed pull is reported as
 * ErrImagePull, and while its back-off (10 s doubling to 5 min) runs, as
 * ImagePullBackOff: the reasons kubectl shows.
 */
import type { Clock } from '../../base/clock.ts';
import type { ImageService } from '../runtime/types.ts';

/** Told what happened to an image, for the Pulling/Pulled events. */
export type PullListener = (reason: 'Pulling' | 'Pulled', message: string) => void;

/** Why a container waits instead of starting. */
export interface WaitingReason { reason: string; message: string; retryMs?: number }

const INITIAL_MS = 10_000;
const MAX_MS = 300_000;
/** How soon a pod is synced again after a failed pull. */
const ERR_RESYNC_MS = 2_000;

/** The default pull policy for an image reference (as the API server defaults it). */
export function defaultPullPolicy(image: string): 'Always' | 'IfNotPresent' {
  if (image.includes('@')) return 'IfNotPresent';
  const last = image.slice(image.lastIndexOf('/') + 1);
  const tag = last.includes(':') ? last.slice(last.indexOf(':') + 1) : '';
  return tag === '' || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

/** Pulls images for one node, with per-image back-off. */
export class ImagePuller {
  private readonly backoff = new Map<string, { delayMs: number; until: number; message: string }>();

  constructor(private readonly images: ImageService, private readonly clock: Clock) {}

  /** Make `image` present per `policy`; resolves undefined when it is, else why the container waits. */
  async ensure(image: string, policy: string | undefined, auth?: { username?: string; password?: string; auth?: string },
    listener?: PullListener): Promise<WaitingReason | undefined> {
    const p = policy ?? defaultPullPolicy(image);
    if (p !== 'Always') {
      const present = await this.images.imageStatus(image);
      if (present) { listener?.('Pulled', `Container image "${image}" already present on machine`); return undefined; }
      if (p === 'Never') return { reason: 'ErrImageNeverPull', message: `Container image "${image}" is not present with pull policy of Never` };
    }
    const now = this.clock.now();
    const b = this.backoff.get(image);
    if (b && now < b.until) return { reason: 'ImagePullBackOff', message: `Back-off pulling image "${image}": ${b.message}`, retryMs: b.until - now };
    try {
      listener?.('Pulling', `Pulling image "${image}"`);
      await this.images.pullImage(image, auth);
      this.backoff.delete(image);
      const secs = ((this.clock.now() - now) / 1000).toFixed(3).replace(/\.?0+$/, '');
      listener?.('Pulled', `Successfully pulled image "${image}" in ${secs}s (${secs}s including waiting)`);
      return undefined;
    } catch (e) {
      const delayMs = b ? Math.min(MAX_MS, b.delayMs * 2) : INITIAL_MS;
      const message = (e as Error).message;
      this.backoff.set(image, { delayMs, until: now + delayMs, message });
      // Sync again soon, inside the back-off, so the container shows ImagePullBackOff after
      // ErrImagePull as upstream's does (a retry only at the end of the back-off would pull
      // again and show ErrImagePull forever).
      return { reason: 'ErrImagePull', message, retryMs: Math.min(delayMs, ERR_RESYNC_MS) };
    }
  }
}
