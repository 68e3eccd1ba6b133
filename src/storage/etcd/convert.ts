/**
 * Conversions between etcd's wire types (byte keys, int64 revisions as
 * strings) and the Store contract, and the mapping of etcd failures onto
 * StorageError codes.
 */
import { StorageError, type KeyValue } from '../types.ts';

/** The parts of an etcd mvccpb.KeyValue we read. */
export interface EtcdKv {
  key: Buffer;
  value: Buffer;
  create_revision: string | number;
  mod_revision: string | number;
}

/** etcd KeyValue -> Store KeyValue. */
export function fromEtcd(kv: EtcdKv): KeyValue {
  return {
    key: kv.key.toString('utf8'),
    value: kv.value.toString('utf8'),
    createRevision: Number(kv.create_revision),
    modRevision: Number(kv.mod_revision),
  };
}

/** A key or range bound as bytes. */
export function bytes(s: string): Buffer {
  return Buffer.from(s, 'utf8');
}

/**
 * Map an error from the etcd client. `compactRev` is looked up lazily because
 * etcd's "compacted" error does not carry the compact revision.
 */
export async function mapEtcdError(e: unknown, compactRev: () => Promise<number>): Promise<StorageError> {
  if (e instanceof StorageError) return e;
  const msg = (e as Error)?.message ?? String(e);
  if (/required revision has been compacted/.test(msg)) {
    return new StorageError('Compacted', 'revision has been compacted', undefined, undefined, await compactRev().catch(() => undefined));
  }
  if (/required revision is a future revision/.test(msg)) return new StorageError('FutureRevision', 'revision is newer than the current revision');
  if (/client.*closed/i.test(msg)) return new StorageError('Closed', 'etcd client is closed');
  return new StorageError('Internal', `etcd: ${msg}`);
}
