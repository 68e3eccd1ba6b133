/**
 * An in-memory KubeClient for workload controller unit tests: create (with
 * generateName, uid, resourceVersion, creationTimestamp from the clock),
 * update with compare-and-swap, the status subresource, delete (finalizers
 * hold objects as deletionTimestamp), get and list. `view(res)` is the
 * cache the syncs read, always up to date (tests can also freeze it).
 */
import { K8sError } from '../../../../base/errors.ts';
import type { Clock } from '../../../../base/clock.ts';
import type { KObject } from '../../../../api/types.ts';
import type { DeleteOptions, KList, KubeClient, ListOptions, ResourceRef, WatchStream } from '../../../../client/types.ts';
import type { CacheView } from '../cache-view.ts';

type Res = Pick<ResourceRef, 'group' | 'version' | 'plural'>;
const rk = (r: Res): string => `${r.group}/${r.version}/${r.plural}`;
const ok = (o: KObject): string => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
const KINDS: Record<string, string> = {
  pods: 'Pod', nodes: 'Node', persistentvolumeclaims: 'PersistentVolumeClaim', statefulsets: 'StatefulSet',
  daemonsets: 'DaemonSet', controllerrevisions: 'ControllerRevision', jobs: 'Job', cronjobs: 'CronJob', events: 'Event',
};

/** One write the client saw. */
export interface Write { verb: 'create' | 'update' | 'status' | 'delete'; plural: string; name: string }

/** The fake. */
export class MemoryClient implements KubeClient {
  readonly writes: Write[] = [];
  private readonly data = new Map<string, Map<string, KObject>>();
  private rv = 1;
  private uid = 0;
  private seq = 0;

  constructor(private readonly clock: Clock) {}

  private bucket(r: Res): Map<string, KObject> {
    let b = this.data.get(rk(r));
    if (!b) this.data.set(rk(r), (b = new Map()));
    return b;
  }

  /** The cache view of a resource. */
  view(r: Res): CacheView {
    return {
      get: (name, ns) => this.bucket(r).get(`${ns ?? ''}/${name}`),
      list: (ns) => [...this.bucket(r).values()].filter((o) => ns === undefined || o.metadata.namespace === ns)
        .sort((a, b) => ok(a).localeCompare(ok(b))),
    };
  }

  /** Objects of a resource in a namespace, sorted by name. */
  objects(r: Res, ns?: string): KObject[] { return this.view(r).list(ns); }

  /** Put an object directly (test set-up and simulated kubelets); fills uid etc. */
  put(r: Res, o: KObject): KObject {
    const b = this.bucket(r);
    const cur = b.get(ok(o));
    const obj = structuredClone(o);
    obj.metadata.uid ??= cur?.metadata.uid ?? `uid-${++this.uid}`;
    obj.metadata.creationTimestamp ??= cur?.metadata.creationTimestamp ?? new Date(this.clock.now()).toISOString();
    obj.metadata.resourceVersion = String(++this.rv);
    obj.metadata.generation ??= 1;
    obj.kind ??= KINDS[r.plural];
    obj.apiVersion ??= r.group ? `${r.group}/${r.version}` : r.version;
    b.set(ok(obj), obj);
    return obj;
  }

  async get<T extends KObject = KObject>(ref: ResourceRef): Promise<T> {
    const o = this.bucket(ref).get(`${ref.namespace ?? ''}/${ref.name}`);
    if (!o) throw new K8sError('NotFound', `${ref.plural} "${ref.name}" not found`);
    return structuredClone(o) as T;
  }

  async list<T extends KObject = KObject>(ref: ResourceRef, _opts?: ListOptions): Promise<KList<T>> {
    return { metadata: { resourceVersion: String(this.rv) }, items: structuredClone(this.objects(ref, ref.namespace)) as T[] };
  }

  async create<T extends KObject = KObject>(ref: ResourceRef, body: KObject): Promise<T> {
    const o = structuredClone(body);
    o.metadata.namespace = ref.namespace;
    if (!o.metadata.name && o.metadata.generateName) o.metadata.name = `${o.metadata.generateName}${(++this.seq).toString(36).padStart(5, 'x')}`;
    if (!o.metadata.name) throw new K8sError('Invalid', 'metadata.name: Required value');
    if (this.bucket(ref).has(ok(o))) throw new K8sError('AlreadyExists', `${ref.plural} "${o.metadata.name}" already exists`);
    delete o.metadata.uid;
    delete o.metadata.creationTimestamp;
    this.writes.push({ verb: 'create', plural: ref.plural, name: o.metadata.name });
    return structuredClone(this.put(ref, o)) as T;
  }

  async update<T extends KObject = KObject>(ref: ResourceRef, body: KObject): Promise<T> {
    const name = ref.name ?? body.metadata.name;
    const cur = this.bucket(ref).get(`${ref.namespace ?? ''}/${name}`);
    if (!cur) throw new K8sError('NotFound', `${ref.plural} "${name}" not found`);
    const want = body.metadata.resourceVersion;
    if (want && want !== cur.metadata.resourceVersion) throw new K8sError('Conflict', 'the object has been modified');
    const status = ref.subresource === 'status';
    this.writes.push({ verb: status ? 'status' : 'update', plural: ref.plural, name: name ?? '' });
    const next = status ? { ...structuredClone(cur), status: structuredClone(body.status) }
      : { ...structuredClone(body), status: structuredClone(cur.status) };
    next.metadata = { ...next.metadata, uid: cur.metadata.uid, creationTimestamp: cur.metadata.creationTimestamp };
    if (cur.metadata.deletionTimestamp && !next.metadata.finalizers?.length) {
      this.bucket(ref).delete(ok(cur));
      return next as unknown as T;
    }
    return structuredClone(this.put(ref, next)) as T;
  }

  async patch<T extends KObject = KObject>(): Promise<T> { throw new K8sError('MethodNotAllowed', 'patch is not supported by MemoryClient'); }

  async delete(ref: ResourceRef, opts?: DeleteOptions): Promise<KObject> {
    const b = this.bucket(ref);
    const k = `${ref.namespace ?? ''}/${ref.name}`;
    const cur = b.get(k);
    if (!cur) throw new K8sError('NotFound', `${ref.plural} "${ref.name}" not found`);
    if (opts?.preconditions?.uid && opts.preconditions.uid !== cur.metadata.uid) throw new K8sError('Conflict', 'uid precondition failed');
    this.writes.push({ verb: 'delete', plural: ref.plural, name: ref.name ?? '' });
    if (cur.metadata.finalizers?.length) {
      const next = structuredClone(cur);
      next.metadata.deletionTimestamp ??= new Date(this.clock.now()).toISOString();
      return this.put(ref, next);
    }
    b.delete(k);
    return cur;
  }

  async deleteCollection(): Promise<KObject> { throw new K8sError('MethodNotAllowed', 'not supported'); }
  async watch<T extends KObject = KObject>(): Promise<WatchStream<T>> { throw new K8sError('MethodNotAllowed', 'not supported'); }
  async getPath<T = unknown>(): Promise<T> { throw new K8sError('NotFound', 'not supported'); }
  close(): void {}
}
