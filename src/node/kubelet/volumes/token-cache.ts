/**
 * Service account tokens for projected volumes through the TokenRequest
 * API, bound to the pod. As upstream's token manager: a token is reused
 * until 80% of its lifetime has passed (or it is older than 24 h), then a
 * new one is requested, so the mounted file is refreshed before expiry.
 */
import type { Clock } from '../../../base/clock.ts';
import type { KObject } from '../../../api/types.ts';
import type { KubeClient } from '../../../client/types.ts';
import { VolumeError } from './payload.ts';

interface Entry { token: string; issuedAt: number; expiresAt: number }

const DAY_MS = 24 * 3600 * 1000;

/** Whether a token issued at `issuedAt` expiring at `expiresAt` is due for refresh at `now`. */
export function needsRefresh(e: { issuedAt: number; expiresAt: number }, now: number): boolean {
  return now >= e.issuedAt + 0.8 * (e.expiresAt - e.issuedAt) || now - e.issuedAt > DAY_MS;
}

/** Caches bound tokens per pod uid, audience and lifetime. */
export class TokenCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly client: KubeClient, private readonly clock: Clock) {}

  /** A valid token for the pod's service account. */
  async get(pod: KObject, audience: string | undefined, expirationSeconds: number): Promise<string> {
    const uid = pod.metadata.uid as string;
    const key = `${uid}|${audience ?? ''}|${expirationSeconds}`;
    const now = this.clock.now();
    const cur = this.entries.get(key);
    if (cur && !needsRefresh(cur, now)) return cur.token;
    const sa = (pod.spec?.serviceAccountName as string | undefined) || 'default';
    let res: KObject;
    try {
      res = await this.client.create(
        { group: '', version: 'v1', plural: 'serviceaccounts', namespace: pod.metadata.namespace, name: sa, subresource: 'token' },
        {
          apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', metadata: { name: sa },
          spec: { audiences: audience ? [audience] : null, expirationSeconds, boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: pod.metadata.name, uid } },
        } as unknown as KObject,
      );
    } catch (e) {
      // An old token still valid keeps serving while the API server is unreachable.
      if (cur && cur.expiresAt > now) return cur.token;
      throw new VolumeError(`failed to fetch token: ${(e as Error).message}`);
    }
    const st = (res.status ?? {}) as { token?: string; expirationTimestamp?: string };
    const expiresAt = st.expirationTimestamp ? Date.parse(st.expirationTimestamp) : now + expirationSeconds * 1000;
    const entry = { token: String(st.token ?? ''), issuedAt: now, expiresAt };
    this.entries.set(key, entry);
    return entry.token;
  }

  /** Forget the tokens of a pod uid. */
  forget(uid: string): void {
    for (const k of this.entries.keys()) if (k.startsWith(`${uid}|`)) this.entries.delete(k);
  }
}
