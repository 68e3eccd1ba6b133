/**
 * Writes as etcd transactions: each verb compares the key's create or mod
 * revision and, when the compare fails, reads the key in the same transaction
 * so the error can carry the current key-value (KeyExists/Conflict) or say
 * NotFound, without a second round trip.
 */
import type { Etcd3 } from 'etcd3';
import { StorageError, type KeyValue } from '../types.ts';
import { bytes, fromEtcd, type EtcdKv } from './convert.ts';

type TxnResponse = Awaited<ReturnType<Etcd3['kv']['txn']>>;

function currentFromFailure(res: TxnResponse): KeyValue | undefined {
  const kvs = res.responses?.[0]?.response_range?.kvs as EtcdKv[] | undefined;
  return kvs && kvs.length > 0 ? fromEtcd(kvs[0]!) : undefined;
}

/** Create `key`: succeeds only if it does not exist. */
export async function etcdCreate(client: Etcd3, key: string, value: string): Promise<KeyValue> {
  const k = bytes(key);
  const res = await client.kv.txn({
    compare: [{ key: k, target: 'Create', result: 'Equal', create_revision: 0 }],
    success: [{ request_put: { key: k, value: bytes(value) } }],
    failure: [{ request_range: { key: k } }],
  });
  if (!res.succeeded) throw new StorageError('KeyExists', `key already exists: ${key}`, key, currentFromFailure(res));
  const rev = Number(res.header!.revision);
  return { key, value, createRevision: rev, modRevision: rev };
}

/** Compare-and-swap update on the mod revision. */
export async function etcdUpdate(client: Etcd3, key: string, value: string, expected: number): Promise<KeyValue> {
  const k = bytes(key);
  const res = await client.kv.txn({
    compare: [{ key: k, target: 'Mod', result: 'Equal', mod_revision: expected }],
    success: [{ request_put: { key: k, value: bytes(value), prev_kv: true } }],
    failure: [{ request_range: { key: k } }],
  });
  if (!res.succeeded) {
    const cur = currentFromFailure(res);
    if (!cur) throw new StorageError('NotFound', `key not found: ${key}`, key);
    throw new StorageError('Conflict', `key ${key} has mod revision ${cur.modRevision}, expected ${expected}`, key, cur);
  }
  const prev = res.responses?.[0]?.response_put?.prev_kv as EtcdKv | undefined;
  const rev = Number(res.header!.revision);
  // A mod revision of 0 matches only an absent key, whose put is a create.
  return { key, value, createRevision: prev ? Number(prev.create_revision) : rev, modRevision: rev };
}

/** Delete, optionally guarded by the mod revision; returns the last value at the delete's revision. */
export async function etcdDelete(client: Etcd3, key: string, expected?: number): Promise<KeyValue> {
  const k = bytes(key);
  const res = await client.kv.txn({
    // Without a guard, "exists" (create revision > 0) keeps a missing key from bumping nothing silently.
    compare: [expected === undefined
      ? { key: k, target: 'Create', result: 'Greater', create_revision: 0 }
      : { key: k, target: 'Mod', result: 'Equal', mod_revision: expected }],
    success: [{ request_delete_range: { key: k, prev_kv: true } }],
    failure: [{ request_range: { key: k } }],
  });
  if (!res.succeeded) {
    const cur = currentFromFailure(res);
    if (!cur) throw new StorageError('NotFound', `key not found: ${key}`, key);
    throw new StorageError('Conflict', `key ${key} has mod revision ${cur.modRevision}, expected ${expected}`, key, cur);
  }
  const prev = res.responses?.[0]?.response_delete_range?.prev_kvs?.[0] as EtcdKv | undefined;
  if (!prev) throw new StorageError('NotFound', `key not found: ${key}`, key);
  return { ...fromEtcd(prev), modRevision: Number(res.header!.revision) };
}
