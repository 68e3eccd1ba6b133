/**
 * An in-memory {@link KubeClient} for node-agent unit tests: get, create,
 * update (compare-and-swap), merge patch (also of /status) and delete with
 * uid preconditions, recording every write. No watch: tests hand pods to
 * the code under test directly.
 */
import { K8sError } from '../../base/errors.ts';
import type { KObject } from '../../api/types.ts';
import type { KubeClient, KList, ResourceRef, WatchStream, DeleteOptions } from '../../client/types.ts';

/** One recorded write. */
export interface Write { verb: string; key: string; body?: unknown; opts?: unknown }

function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> = target && typeof target === 'object' && !Array.isArray(target) ? { ...(target as object) } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

/** Objects by "plural/namespace/name". */
export class MemoryClient implements KubeClient {
  readonly objects = new Map<string, KObject>();
  readonly writes: Write[] = [];
  private rv = 1;

  key(ref: ResourceRef, name?: string): string {
    return `${ref.plural}/${ref.namespace ?? ''}/${name ?? ref.name ?? ''}`;
  }

  async get<T extends KObject = KObject>(ref: ResourceRef): Promise<T> {
    const o = this.objects.get(this.key(ref));
    if (!o) throw new K8sError('NotFound', `${ref.plural} "${ref.name}" not found`);
    return structuredClone(o) as T;
  }

  async list<T extends KObject = KObject>(): Promise<KList<T>> { return { metadata: {}, items: [] }; }

  async create<T extends KObject = KObject>(ref: ResourceRef, body: KObject): Promise<T> {
    const k = this.key(ref, body.metadata.name);
    if (this.objects.has(k)) throw new K8sError('AlreadyExists', `${ref.plural} "${body.metadata.name}" already exists`);
    const o = structuredClone(body);
    o.metadata.uid ??= `uid-${this.rv}`;
    o.metadata.resourceVersion = String(++this.rv);
    this.objects.set(k, o);
    this.writes.push({ verb: 'create', key: k, body });
    return structuredClone(o) as T;
  }

  async update<T extends KObject = KObject>(ref: ResourceRef, body: KObject): Promise<T> {
    const k = this.key(ref, body.metadata.name);
    const cur = this.objects.get(k);
    if (!cur) throw new K8sError('NotFound', 'not found');
    if (body.metadata.resourceVersion && body.metadata.resourceVersion !== cur.metadata.resourceVersion) throw new K8sError('Conflict', 'conflict');
    const o = structuredClone(body);
    o.metadata.resourceVersion = String(++this.rv);
    this.objects.set(k, o);
    this.writes.push({ verb: 'update', key: k, body });
    return structuredClone(o) as T;
  }

  async patch<T extends KObject = KObject>(ref: ResourceRef, _type: string, patch: unknown): Promise<T> {
    const k = this.key(ref);
    const cur = this.objects.get(k);
    if (!cur) throw new K8sError('NotFound', 'not found');
    const o = mergePatch(cur, patch) as KObject;
    o.metadata.resourceVersion = String(++this.rv);
    this.objects.set(k, o);
    this.writes.push({ verb: ref.subresource ? `patch/${ref.subresource}` : 'patch', key: k, body: patch });
    return structuredClone(o) as T;
  }

  async delete(ref: ResourceRef, opts?: DeleteOptions): Promise<KObject> {
    const k = this.key(ref);
    const cur = this.objects.get(k);
    if (!cur) throw new K8sError('NotFound', 'not found');
    if (opts?.preconditions?.uid && opts.preconditions.uid !== cur.metadata.uid) throw new K8sError('Conflict', 'uid precondition');
    this.objects.delete(k);
    this.writes.push({ verb: 'delete', key: k, opts });
    return cur;
  }

  async deleteCollection(): Promise<KObject> { throw new K8sError('MethodNotAllowed', 'not supported'); }
  async watch<T extends KObject = KObject>(): Promise<WatchStream<T>> { throw new K8sError('MethodNotAllowed', 'not supported'); }
  async getPath<T = unknown>(): Promise<T> { throw new K8sError('NotFound', 'not supported'); }
  close(): void {}
}
