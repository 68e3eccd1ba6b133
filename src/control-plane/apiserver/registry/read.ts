/**
 * Get and list with upstream's resourceVersion semantics, selectors and
 * limit/continue pagination at one consistent revision.
 */
import type { KObject } from '../../../api/types.ts';
import type { ResourceInfo } from '../../../api/resources.ts';
import { K8sError } from '../../../base/errors.ts';
import { notFound } from '../../../api/status.ts';
import { posix } from 'node:path';
import { StorageError, type KeyValue } from '../../../storage/types.ts';
import { decode, objectKey, resourcePrefix } from './codec.ts';
import type { RegistryContext } from './types.ts';

/** Get one object (storage form). */
export async function getObject(ctx: RegistryContext, r: ResourceInfo, namespace: string, name: string): Promise<KObject> {
  const kv = await ctx.store.get(objectKey(r, namespace, name));
  if (!kv) throw notFound(r.group, r.plural, name);
  return decode(kv);
}

/** Options of {@link listObjects}. */
export interface ListQuery {
  namespace?: string;
  /** Compiled selectors; absent = everything matches. */
  match?: (obj: KObject) => boolean;
  limit?: number;
  continueToken?: string;
  resourceVersion?: string;
  resourceVersionMatch?: string;
}

/** One listed item: the stored key-value and, if it had to be decoded, the object. */
export interface ListedItem {
  kv: KeyValue;
  obj?: KObject;
}

/** Result of a list. */
export interface ListPage {
  items: ListedItem[];
  revision: number;
  continueToken?: string;
  remainingItemCount?: number;
}

interface ContinueToken { v: string; rv: number; start: string }

/** Upstream's messages for a list at a compacted revision. */
const EXPIRED_LIST = 'The resourceVersion for the provided list is too old.';
const EXPIRED_CONTINUE = 'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';

/** rv -1 in a token means "continue at the latest revision" (handed out when the original one expired). */
function encodeContinue(rv: number, start: string): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv, start } satisfies ContinueToken)).toString('base64url');
}

/** Decode a continue token, with upstream's messages for the ways it can be bad. */
function decodeContinue(token: string): ContinueToken {
  const bad = (why: string): K8sError => new K8sError('BadRequest', `invalid continue token: continue key is not valid${why}`);
  let t: Partial<ContinueToken> | undefined;
  try {
    t = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<ContinueToken>;
  } catch (e) {
    throw bad(`: ${(e as Error).message}`);
  }
  if (!t || typeof t !== 'object') throw bad('');
  if (t.v !== 'meta.k8s.io/v1') throw bad(`: server does not recognize this encoded version ${JSON.stringify(String(t.v ?? ''))}`);
  if (typeof t.rv !== 'number' || t.rv === 0 || !Number.isSafeInteger(t.rv) || t.rv < -1) {
    throw bad(': incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  }
  if (typeof t.start !== 'string' || t.start === '') throw bad(': encoded start key empty (version meta.k8s.io/v1)');
  // A start key may not climb out of the listed prefix.
  const key = t.start.startsWith('/') ? t.start : `/${t.start}`;
  if (posix.normalize(key) !== key || key.endsWith('/')) throw bad(`: ${t.start}`);
  return { v: t.v, rv: t.rv, start: key.slice(1) };
}

function parseRV(rv: string): number {
  const n = Number(rv);
  if (!/^\d+$/.test(rv) || !Number.isSafeInteger(n)) throw new K8sError('BadRequest', `invalid resource version: ${rv}`);
  return n;
}

/**
 * 504 for a resourceVersion newer than the store has: client-go recognises
 * it by the ResourceVersionTooLarge cause and retries.
 */
export function tooLargeResourceVersion(rv: number, current: number): K8sError {
  return new K8sError('Timeout', `Too large resource version: ${rv}, current: ${current}`, {
    causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
    retryAfterSeconds: 1,
  });
}

/** 410 Expired for a list at a compacted revision; an expired continue token gets a successor at the latest revision. */
function expiredList(continueStart?: string): K8sError {
  if (continueStart === undefined) return new K8sError('Expired', EXPIRED_LIST);
  const e = new K8sError('Expired', EXPIRED_CONTINUE);
  e.continueToken = encodeContinue(-1, continueStart);
  return e;
}

/**
 * Decide the revision to read at (undefined = the latest): Exact reads at
 * that revision, NotOlderThan (or a bare resourceVersion) the latest once it
 * is at least that new. Parameter combinations are checked by the handler
 * (list-options.ts).
 */
async function readRevision(ctx: RegistryContext, q: ListQuery): Promise<number | undefined> {
  const rv = q.resourceVersion ?? '';
  if (rv === '' || rv === '0') return undefined;
  const n = parseRV(rv);
  if (q.resourceVersionMatch === 'Exact') return n;
  const cur = await ctx.store.currentRevision();
  if (n > cur) throw tooLargeResourceVersion(n, cur);
  return undefined;
}

/** List objects of `r`, filtered and paginated. */
export async function listObjects(ctx: RegistryContext, r: ResourceInfo, q: ListQuery): Promise<ListPage> {
  const prefix = resourcePrefix(r, q.namespace);
  let revision: number | undefined;
  let startAfter: string | undefined;
  let continueStart: string | undefined;
  if (q.continueToken) {
    if (q.resourceVersion && q.resourceVersion !== '0') {
      throw new K8sError('BadRequest', 'specifying resource version is not allowed when using continue');
    }
    const t = decodeContinue(q.continueToken);
    revision = t.rv === -1 ? undefined : t.rv;
    // The token's key is the last one returned, relative to the prefix.
    continueStart = t.start;
    startAfter = prefix + t.start;
  } else {
    revision = await readRevision(ctx, q);
  }
  const limit = q.limit && q.limit > 0 ? q.limit : 0;
  const items: ListedItem[] = [];
  let more = false;
  let remaining: number | undefined;
  let readAt = revision;
  try {
    for (;;) {
      const page = await ctx.store.list(prefix, { revision: readAt, limit: limit ? Math.max(limit - items.length, 50) : 0, startAfter });
      readAt = page.revision;
      let last: string | undefined;
      for (const kv of page.items) {
        last = kv.key;
        if (q.match) {
          const obj = decode(kv);
          if (!q.match(obj)) continue;
          items.push({ kv, obj });
        } else {
          items.push({ kv });
        }
        if (limit && items.length >= limit) break;
      }
      const stoppedEarly = last !== undefined && page.items.length > 0 && last !== page.items[page.items.length - 1].key;
      if (limit && items.length >= limit) {
        more = stoppedEarly || page.more;
        if (more && !q.match) remaining = (page.remaining ?? 0) + (stoppedEarly ? page.items.length - page.items.findIndex((k) => k.key === last) - 1 : 0);
        startAfter = last;
        break;
      }
      if (!page.more || page.items.length === 0) break;
      startAfter = page.items[page.items.length - 1].key;
    }
  } catch (e) {
    if (e instanceof StorageError && e.code === 'Compacted') throw expiredList(continueStart);
    if (e instanceof StorageError && e.code === 'FutureRevision') {
      throw tooLargeResourceVersion(revision ?? 0, await ctx.store.currentRevision());
    }
    throw e;
  }
  const res: ListPage = { items, revision: readAt ?? 0 };
  if (more && startAfter) {
    res.continueToken = encodeContinue(res.revision, startAfter.slice(prefix.length));
    if (remaining !== undefined && remaining > 0) res.remainingItemCount = remaining;
  }
  return res;
}
