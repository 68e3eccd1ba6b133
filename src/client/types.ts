/**
 * The client layer's contract: how components address resources, the query
 * options of each verb, watch events, and the {@link KubeClient} interface
 * that controllers, informers and tests program against.
 */
import type { KObject } from '../api/types.ts';

/** Where and how to reach the API server (PEM material, not file paths). */
export interface ClientConfig {
  /** e.g. https://127.0.0.1:6443 (http:// is accepted for tests). */
  server: string;
  /** CA bundle that signed the serving certificate. */
  ca?: string;
  /** Client certificate and key for x509 authentication. */
  cert?: string;
  key?: string;
  /** Bearer token (service accounts, bootstrap tokens). */
  token?: string;
  /** Skip server certificate verification (never in production). */
  insecureSkipTLSVerify?: boolean;
  /** Sent as User-Agent; identifies the component in server logs. */
  userAgent?: string;
  /** Per-request timeout in ms for non-watch requests; default 60 s. */
  timeoutMs?: number;
}

/** A resource collection or object, addressed as in the URL. */
export interface ResourceRef {
  /** API group; '' for core. */
  group: string;
  version: string;
  /** Lower-case plural, e.g. 'pods'. */
  plural: string;
  namespace?: string;
  name?: string;
  /** e.g. 'status', 'scale', 'finalize'. */
  subresource?: string;
}

/** Query options of list and watch. */
export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
  resourceVersionMatch?: 'Exact' | 'NotOlderThan';
  timeoutSeconds?: number;
  allowWatchBookmarks?: boolean;
}

/** Query options of writes. */
export interface WriteOptions {
  dryRun?: 'All';
  fieldManager?: string;
}

/** Options of delete and deletecollection (sent as query parameters). */
export interface DeleteOptions extends WriteOptions {
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  gracePeriodSeconds?: number;
  /** Sent in a DeleteOptions body: fail unless the object still has this uid / resourceVersion. */
  preconditions?: { uid?: string; resourceVersion?: string };
}

/** Patch content types the API server understands. */
export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

/** A `*List` object as returned by list. */
export interface KList<T extends KObject = KObject> {
  apiVersion?: string;
  kind?: string;
  metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  items: T[];
}

/** Watch event types on the wire. */
export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

/** One decoded watch event. For ERROR, `object` is a metav1.Status. */
export interface WatchEvent<T extends KObject = KObject> {
  type: WatchEventType;
  object: T;
}

/** A running watch: iterate its events; `stop` ends it from the client side. */
export interface WatchStream<T extends KObject = KObject> extends AsyncIterable<WatchEvent<T>> {
  /** End the watch; pending iteration finishes without error. */
  stop(): void;
}

/** The verbs of the Kubernetes API over one connection pool. */
export interface KubeClient {
  get<T extends KObject = KObject>(ref: ResourceRef, opts?: { resourceVersion?: string }): Promise<T>;
  list<T extends KObject = KObject>(ref: ResourceRef, opts?: ListOptions): Promise<KList<T>>;
  create<T extends KObject = KObject>(ref: ResourceRef, body: KObject, opts?: WriteOptions): Promise<T>;
  /** PUT; `body.metadata.resourceVersion` makes it a compare-and-swap. */
  update<T extends KObject = KObject>(ref: ResourceRef, body: KObject, opts?: WriteOptions): Promise<T>;
  patch<T extends KObject = KObject>(ref: ResourceRef, type: PatchType, patch: unknown,
    opts?: WriteOptions & { force?: boolean }): Promise<T>;
  /** Returns the server's answer: the deleted object, or a Status. */
  delete(ref: ResourceRef, opts?: DeleteOptions): Promise<KObject>;
  deleteCollection(ref: ResourceRef, opts?: DeleteOptions & ListOptions): Promise<KObject>;
  watch<T extends KObject = KObject>(ref: ResourceRef, opts?: ListOptions): Promise<WatchStream<T>>;
  /** GET of a raw path such as `/apis` (discovery); parsed JSON. */
  getPath<T = unknown>(path: string): Promise<T>;
  /** Close pooled connections. */
  close(): void;
}
