/** Reads against etcd: get, list with pagination, count and the revisions. */
import type { Etcd3 } from 'etcd3';
import { keyRange } from '../key-range.ts';
import type { KeyValue, ListOptions, ListResult } from '../types.ts';
import { bytes, fromEtcd, type EtcdKv } from './convert.ts';

// Any key works: range responses carry the store revision in their header.
const PROBE = bytes('\u0000k8ts-revision-probe');

/** The current revision of the etcd cluster. */
export async function etcdCurrentRevision(client: Etcd3): Promise<number> {
  const res = await client.kv.range({ key: PROBE, count_only: true });
  return Number(res.header!.revision);
}

/**
 * The oldest readable revision. etcd has no API for it, so find the smallest
 * revision a read does not reject as compacted (a binary search, ~log2(rev)
 * cheap requests); 0 when nothing was compacted.
 */
export async function etcdCompactRevision(client: Etcd3): Promise<number> {
  const readable = async (rev: number) => {
    try {
      await client.kv.range({ key: PROBE, count_only: true, revision: rev });
      return true;
    } catch (e) {
      if (/compacted/.test((e as Error).message)) return false;
      throw e;
    }
  };
  let hi = await etcdCurrentRevision(client);
  if (hi <= 1 || (await readable(1))) return 0;
  let lo = 1; // not readable
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (await readable(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** One key, optionally at an older revision. */
export async function etcdGet(client: Etcd3, key: string, revision?: number): Promise<KeyValue | undefined> {
  const res = await client.kv.range({ key: bytes(key), revision: revision || undefined });
  const kv = res.kvs?.[0] as EtcdKv | undefined;
  return kv ? fromEtcd(kv) : undefined;
}

/** Keys with a prefix at one revision; etcd's `count` gives `remaining`. */
export async function etcdList(client: Etcd3, prefix: string, opts: ListOptions = {}): Promise<ListResult> {
  const { lo, hi } = keyRange(prefix, opts.startAfter);
  const res = await client.kv.range({
    key: bytes(lo),
    range_end: bytes(hi),
    limit: opts.limit && opts.limit > 0 ? opts.limit : undefined,
    revision: opts.revision || undefined,
  });
  const items = ((res.kvs ?? []) as EtcdKv[]).map(fromEtcd);
  const revision = opts.revision || Number(res.header!.revision);
  if (!res.more) return { items, revision, more: false };
  return { items, revision, more: true, remaining: Number(res.count) - items.length };
}

/** Live keys with a prefix. */
export async function etcdCount(client: Etcd3, prefix: string): Promise<number> {
  const { lo, hi } = keyRange(prefix);
  const res = await client.kv.range({ key: bytes(lo), range_end: bytes(hi), count_only: true });
  return Number(res.count);
}
