/**
 * In-memory object state of the fake API server used by client and
 * controller tests: a global resourceVersion, an event history that can be
 * compacted (so old watches get 410 Gone), finalizers and deletionTimestamp,
 * and the namespace finalize flow. Deliberately small: just enough upstream
 * behaviour for informers and controllers to be tested against HTTP.
 */
import { K8sError } from '../../base/errors.ts';
import type { KObject } from '../../api/types.ts';
import type { WatchEventType } from '../types.ts';

/** One resource the fake serves. */
export interface FakeResource {
  group: string;
  version: string;
  kind: string;
  plural: string;
  namespaced: boolean;
  verbs: string[];
}

/** One entry in the history. */
export interface FakeEvent { rv: number; res: string; type: WatchEventType; object: KObject }

/** `group/version/plural`. */
export function resKey(r: { group: string; version: string; plural: string }): string {
  return `${r.group}/${r.version}/${r.plural}`;
}

const clone = <T>(o: T): T => structuredClone(o);

/** The objects, keyed by resource and then `namespace/name`. */
export class FakeApiStore {
  /** Current global revision. */
  rv = 1;
  /** Events with rv <= compactedRv are gone from history. */
  compactedRv = 1;
  readonly history: FakeEvent[] = [];
  private readonly objects = new Map<string, Map<string, KObject>>();
  private readonly listeners = new Set<(e: FakeEvent) => void>();
  private uid = 0;

  constructor(readonly resources: FakeResource[]) {
    for (const r of resources) this.objects.set(resKey(r), new Map());
  }

  resource(res: string): FakeResource {
    const r = this.resources.find((x) => resKey(x) === res);
    if (!r) throw new K8sError('NotFound', `the server could not find the requested resource (${res})`);
    return r;
  }

  private bucket(res: string): Map<string, KObject> {
    this.resource(res);
    return this.objects.get(res) as Map<string, KObject>;
  }

  /** Subscribe to every event; returns the unsubscribe function. */
  subscribe(fn: (e: FakeEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Drop history so watches from before now get 410 Gone. */
  compact(): void {
    this.compactedRv = this.rv;
    this.history.length = 0;
  }

  private emit(res: string, type: WatchEventType, obj: KObject): void {
    const e = { rv: Number(obj.metadata.resourceVersion), res, type, object: clone(obj) };
    this.history.push(e);
    for (const l of this.listeners) l(e);
  }

  private stamp(obj: KObject): void {
    this.rv++;
    obj.metadata.resourceVersion = String(this.rv);
  }

  list(res: string, namespace?: string): KObject[] {
    const out = [...this.bucket(res).values()].filter((o) => !namespace || o.metadata.namespace === namespace);
    return out.sort((a, b) => key(a).localeCompare(key(b))).map(clone);
  }

  get(res: string, namespace: string | undefined, name: string): KObject {
    const o = this.bucket(res).get(`${namespace ?? ''}/${name}`);
    if (!o) throw new K8sError('NotFound', `${this.resource(res).plural} "${name}" not found`, { name, kind: this.resource(res).plural });
    return clone(o);
  }

  create(res: string, namespace: string | undefined, body: KObject): KObject {
    const r = this.resource(res);
    const obj = clone(body);
    obj.metadata = { ...obj.metadata, namespace: r.namespaced ? namespace : undefined };
    if (!obj.metadata.name) throw new K8sError('Invalid', 'metadata.name: Required value');
    if (r.namespaced && namespace) {
      const ns = this.objects.get('/v1/namespaces')?.get(`/${namespace}`);
      if (ns?.metadata.deletionTimestamp) {
        throw new K8sError('Forbidden', `unable to create new content in namespace ${namespace} because it is being terminated`);
      }
    }
    const b = this.bucket(res);
    if (b.has(key(obj))) throw new K8sError('AlreadyExists', `${r.plural} "${obj.metadata.name}" already exists`);
    obj.metadata.uid = `uid-${++this.uid}`;
    obj.metadata.creationTimestamp = new Date(0).toISOString();
    if (r.kind === 'Namespace') {
      obj.spec = { finalizers: ['kubernetes'], ...obj.spec };
      obj.status = { phase: 'Active' };
    }
    obj.apiVersion = r.group ? `${r.group}/${r.version}` : r.version;
    obj.kind = r.kind;
    this.stamp(obj);
    b.set(key(obj), obj);
    this.emit(res, 'ADDED', obj);
    return clone(obj);
  }

  /** PUT; `part` limits the change to status or spec.finalizers (finalize). */
  update(res: string, namespace: string | undefined, name: string, body: KObject, part?: 'status' | 'finalize'): KObject {
    const cur = this.bucket(res).get(`${namespace ?? ''}/${name}`);
    if (!cur) throw new K8sError('NotFound', `${this.resource(res).plural} "${name}" not found`);
    const want = body.metadata?.resourceVersion;
    if (want && want !== cur.metadata.resourceVersion) {
      throw new K8sError('Conflict', `Operation cannot be fulfilled on ${this.resource(res).plural} "${name}": the object has been modified; please apply your changes to the latest version and try again`);
    }
    let next: KObject;
    if (part === 'status') next = { ...clone(cur), status: clone(body.status) };
    else if (part === 'finalize') next = { ...clone(cur), spec: { ...cur.spec, finalizers: clone(body.spec?.finalizers ?? []) } };
    else next = { ...clone(body), status: clone(cur.status), metadata: { ...clone(body.metadata), uid: cur.metadata.uid,
      namespace: cur.metadata.namespace, deletionTimestamp: cur.metadata.deletionTimestamp,
      creationTimestamp: cur.metadata.creationTimestamp } };
    this.stamp(next);
    this.bucket(res).set(key(next), next);
    if (this.finished(next)) return this.remove(res, next);
    this.emit(res, 'MODIFIED', next);
    return clone(next);
  }

  /** True when a terminating object has nothing left holding it. */
  private finished(o: KObject): boolean {
    if (!o.metadata.deletionTimestamp) return false;
    if ((o.metadata.finalizers ?? []).length > 0) return false;
    return o.kind !== 'Namespace' || (o.spec?.finalizers ?? []).length === 0;
  }

  private remove(res: string, o: KObject): KObject {
    this.bucket(res).delete(key(o));
    this.stamp(o);
    this.emit(res, 'DELETED', o);
    return clone(o);
  }

  /** DELETE: objects with finalizers are marked; others go at once. */
  delete(res: string, namespace: string | undefined, name: string): KObject {
    const cur = this.bucket(res).get(`${namespace ?? ''}/${name}`);
    if (!cur) throw new K8sError('NotFound', `${this.resource(res).plural} "${name}" not found`);
    const next = clone(cur);
    if (!next.metadata.deletionTimestamp) next.metadata.deletionTimestamp = new Date(1000).toISOString();
    if (next.kind === 'Namespace') next.status = { ...next.status, phase: 'Terminating' };
    if (this.finished(next)) return this.remove(res, next);
    if (cur.metadata.deletionTimestamp) return clone(cur);
    this.stamp(next);
    this.bucket(res).set(key(next), next);
    this.emit(res, 'MODIFIED', next);
    return clone(next);
  }
}

function key(o: KObject): string {
  return `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}
