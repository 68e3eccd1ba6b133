/**
 * Per-kind write strategy: what a create resets, what a write to the main
 * resource or to /status may change, and when generation is bumped. Mirrors
 * the PrepareForCreate / PrepareForUpdate of upstream's registry strategies.
 */
import type { KObject } from '../../../api/types.ts';
import type { ResourceInfo } from '../../../api/resources.ts';
import { jsonEqual } from './meta.ts';
import { podQOSClass } from './pod-qos.ts';

/** Fields outside metadata and status: a change to them bumps generation. */
function specPart(obj: KObject): Record<string, unknown> {
  const { apiVersion: _a, kind: _k, metadata: _m, status: _s, ...rest } = obj;
  return rest;
}

// Kinds whose status the creator may set (the writer is the status owner itself).
const KEEP_STATUS_ON_CREATE = new Set(['/Node', '/Event', 'events.k8s.io/Event', 'coordination.k8s.io/Lease']);

/**
 * Normalize write-only convenience fields, as upstream's conversion does:
 * a Secret's stringData is merged into data (base64) and never stored.
 */
export function normalize(r: ResourceInfo, obj: KObject): void {
  if (r.kind === 'Secret' && r.group === '' && obj.stringData && typeof obj.stringData === 'object') {
    const data: Record<string, string> = { ...(obj.data ?? {}) };
    for (const [k, v] of Object.entries(obj.stringData as Record<string, unknown>)) data[k] = Buffer.from(String(v), 'utf8').toString('base64');
    obj.data = data;
    delete obj.stringData;
  }
}

/** Prepare a new object: reset status the client may not set. */
export function prepareForCreate(r: ResourceInfo, obj: KObject): void {
  const gk = `${r.storage.group}/${r.kind}`;
  if (gk === 'apiextensions.k8s.io/CustomResourceDefinition') {
    // Deleting a CRD must first delete its objects (crd/controller.ts releases this).
    const f = obj.metadata.finalizers ?? [];
    if (!f.includes('customresourcecleanup.apiextensions.k8s.io')) obj.metadata.finalizers = [...f, 'customresourcecleanup.apiextensions.k8s.io'];
  }
  if (r.kind === 'Pod' && r.group === '') {
    obj.status = { phase: 'Pending', qosClass: podQOSClass(obj) };
    return;
  }
  if (r.kind === 'Namespace' && r.group === '') {
    obj.status = { phase: 'Active' };
    return;
  }
  if (r.subresources.includes('status') && !KEEP_STATUS_ON_CREATE.has(gk)) {
    if (r.kind === 'PersistentVolume' || r.kind === 'PersistentVolumeClaim') obj.status = { phase: 'Pending' };
    else if (r.kind === 'Service') obj.status = { loadBalancer: {} };
    else delete obj.status;
  }
}

/**
 * Prepare an update of the main resource: status is kept from `old` for
 * kinds with a status subresource; generation is bumped on a spec change.
 */
export function prepareForUpdate(r: ResourceInfo, obj: KObject, old: KObject): void {
  if (r.subresources.includes('status')) {
    if (old.status === undefined) delete obj.status;
    else obj.status = old.status;
  }
  bumpGeneration(obj, old);
}

// Kinds whose status strategy resets labels to the stored ones.
const LABELS_FIXED_ON_STATUS = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet']);

/** Prepare an update through /status: status, and some metadata, change; spec never does. */
export function prepareForStatusUpdate(obj: KObject, old: KObject): KObject {
  const next: KObject = { ...old, metadata: { ...old.metadata, resourceVersion: obj.metadata?.resourceVersion } };
  // As upstream's status strategies: annotations, labels and finalizers may change through /status
  // (controllers record e.g. the deployment revision there); labels of workload kinds may not.
  const m = obj.metadata ?? {};
  for (const f of ['annotations', 'finalizers'] as const) {
    if (m[f] === undefined) delete next.metadata[f];
    else next.metadata[f] = m[f] as never;
  }
  if (!LABELS_FIXED_ON_STATUS.has(String(old.kind))) {
    if (m.labels === undefined) delete next.metadata.labels;
    else next.metadata.labels = m.labels;
  }
  if (obj.status === undefined) delete next.status;
  else next.status = obj.status;
  return next;
}

/** Bump metadata.generation when anything outside metadata and status changed. */
export function bumpGeneration(obj: KObject, old: KObject): void {
  if (old.metadata.generation === undefined) return;
  const changed = !jsonEqual(specPart(obj), specPart(old));
  obj.metadata.generation = changed ? old.metadata.generation + 1 : old.metadata.generation;
}
