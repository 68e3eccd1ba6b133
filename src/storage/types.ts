/**
 * The storage contract: a key-value store with etcd semantics. Every layer
 * above (the API server's registry) talks to storage only through {@link Store};
 * drivers (SQLite embedded, etcd) implement it and register by name.
 *
 * Semantics (as etcd v3):
 * - One global, strictly increasing revision. Every successful create, update
 *   or delete takes the next revision; that number is the key's modRevision.
 * - Values are opaque strings (the API server stores JSON without
 *   metadata.resourceVersion; it fills that in from modRevision on read).
 * - Reads at an older revision see the state as of that revision until it is
 *   compacted; then they fail with `Compacted` (the API server answers 410 Gone).
 */

/** One stored key at one revision. */
export interface KeyValue {
  key: string;
  value: string;
  /** Revision at which the key was (last) created. */
  createRevision: number;
  /** Revision of the last write to the key. */
  modRevision: number;
}

/** A change delivered to watchers. */
export interface WatchEvent {
  type: 'PUT' | 'DELETE';
  /** For PUT: the new value. For DELETE: the key with the value it had, and modRevision = the delete's revision. */
  kv: KeyValue;
  /** The value before this change (absent for a create). */
  prevKv?: KeyValue;
  /** Revision of this change (equal to kv.modRevision). */
  revision: number;
}

/** Options of {@link Store.list}. */
export interface ListOptions {
  /** Read as of this revision (0/undefined = current). Fails with Compacted if older than the compact revision. */
  revision?: number;
  /** Maximum number of items (0/undefined = all). */
  limit?: number;
  /** Return keys strictly greater than this one (for continue tokens). */
  startAfter?: string;
}

/** Result of {@link Store.list}. */
export interface ListResult {
  items: KeyValue[];
  /** The revision the list was read at. */
  revision: number;
  /** True if more keys exist after the last item. */
  more: boolean;
  /** How many keys remain after the last item, when more is true. */
  remaining?: number;
}

/** Handle of a running watch. */
export interface Watcher {
  /** Stop delivery; idempotent. */
  stop(): void;
  /**
   * A revision up to which every event of this watch has been delivered
   * (events on other prefixes count as seen), for bookmarks; drivers that
   * cannot tell leave it out and the caller falls back to the last event.
   */
  progress?(): number;
}

/** Callbacks of a watch. Events arrive in revision order, each exactly once. */
export interface WatchHandlers {
  onEvent(ev: WatchEvent): void;
  /** The watch ended by the store (closing, or the watcher fell too far behind). */
  onClose?(err?: StorageError): void;
}

/** The store interface every driver implements. */
export interface Store {
  /** Driver name, e.g. "sqlite". */
  readonly driver: string;
  /** The current (latest committed) revision. */
  currentRevision(): Promise<number>;
  /** The oldest revision still readable (revisions <= compactRevision are gone). */
  compactRevision(): Promise<number>;
  /** Create `key`; fails with KeyExists if it exists. */
  create(key: string, value: string): Promise<KeyValue>;
  /** Read one key, optionally at an older revision; undefined if absent. */
  get(key: string, revision?: number): Promise<KeyValue | undefined>;
  /** List keys with the given prefix, in key order, at one consistent revision. */
  list(prefix: string, opts?: ListOptions): Promise<ListResult>;
  /** Count keys with the prefix at the current revision. */
  count(prefix: string): Promise<number>;
  /**
   * Compare-and-swap update: succeeds only if the key's modRevision equals
   * `expectedModRevision`. Fails with NotFound (absent) or Conflict (changed).
   */
  update(key: string, value: string, expectedModRevision: number): Promise<KeyValue>;
  /**
   * Delete `key`; if `expectedModRevision` is given the delete is guarded like
   * update. Returns the deleted key-value with modRevision = the delete's revision
   * and value = the last value.
   */
  delete(key: string, expectedModRevision?: number): Promise<KeyValue>;
  /**
   * Watch keys with `prefix` for changes after revision `fromRevision`
   * (events with revision > fromRevision). Throws Compacted if history
   * before `fromRevision` is gone. fromRevision = 0 means "from now".
   */
  watch(prefix: string, fromRevision: number, handlers: WatchHandlers): Promise<Watcher>;
  /** Drop history up to and including `revision`. */
  compact(revision: number): Promise<void>;
  /** Flush and release resources. */
  close(): Promise<void>;
}

/** Stable codes of storage failures. */
export type StorageErrorCode = 'KeyExists' | 'NotFound' | 'Conflict' | 'Compacted' | 'FutureRevision' | 'Closed' | 'Internal';

/** The one error type storage throws. */
export class StorageError extends Error {
  constructor(
    readonly code: StorageErrorCode,
    message: string,
    /** The key involved, if any. */
    readonly key?: string,
    /** For Conflict: the current kv; for Compacted: the compact revision is in `revision`. */
    readonly current?: KeyValue,
    readonly revision?: number,
  ) {
    super(message);
    this.name = 'StorageError';
  }
}
