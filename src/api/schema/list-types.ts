/**
 * Server-side apply metadata of built-in types: which lists are maps keyed
 * by which fields, which are sets, and which structs are atomic. Upstream
 * declares these with Go tags (`+listType`, `+listMapKey`, `+mapType`) and
 * publishes them as x-kubernetes-list-type / x-kubernetes-list-map-keys /
 * x-kubernetes-map-type. We derive the list facts from the strategic-merge
 * table (a list merged by key is a map list, a merged primitive list is a
 * set) and add the few places where upstream's keys differ from the merge
 * key, so there is still one table to maintain.
 */
import type { Definitions } from './types.ts';
import { PATCH_META } from './patch-meta.ts';

// Lists whose upstream map keys are more than the strategic merge key.
const EXTRA_KEYS: Record<string, Record<string, string[]>> = {
  'io.k8s.api.core.v1.Container': { ports: ['containerPort', 'protocol'] },
  'io.k8s.api.core.v1.EphemeralContainer': { ports: ['containerPort', 'protocol'] },
  'io.k8s.api.core.v1.ServiceSpec': { ports: ['port', 'protocol'] },
  'io.k8s.api.core.v1.PodSpec': { topologySpreadConstraints: ['topologyKey', 'whenUnsatisfiable'] },
};

// Key fields that upstream defaults, so an applied item without them still matches the live one.
const KEY_DEFAULTS: Record<string, Record<string, string>> = {
  'io.k8s.api.core.v1.ContainerPort': { protocol: 'TCP' },
  'io.k8s.api.core.v1.ServicePort': { protocol: 'TCP' },
};

// Structs upstream marks `+structType=atomic` / `+mapType=atomic`: owned and replaced as a whole.
const ATOMIC_STRUCTS = [
  'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector',
  'io.k8s.api.core.v1.NodeSelector',
  'io.k8s.api.core.v1.NodeSelectorTerm',
  'io.k8s.api.core.v1.LocalObjectReference',
  'io.k8s.api.core.v1.ObjectReference',
  'io.k8s.api.core.v1.TypedLocalObjectReference',
  'io.k8s.api.core.v1.TypedObjectReference',
  'io.k8s.api.core.v1.ConfigMapKeySelector',
  'io.k8s.api.core.v1.SecretKeySelector',
  'io.k8s.api.core.v1.ObjectFieldSelector',
  'io.k8s.api.core.v1.ResourceFieldSelector',
  'io.k8s.api.core.v1.TopologySelectorTerm',
];

/** Add list-type, map-keys, map-type and key defaults to the loaded definitions (in place). */
export function addApplyMetadata(defs: Definitions): void {
  for (const [name, fields] of Object.entries(PATCH_META)) {
    for (const [field, m] of Object.entries(fields)) {
      const prop = defs[name]?.properties?.[field];
      if (!prop || prop.type !== 'array') continue;
      if (!m.strategy.split(',').includes('merge')) continue;
      if (m.key) {
        prop['x-kubernetes-list-type'] = 'map';
        prop['x-kubernetes-list-map-keys'] = EXTRA_KEYS[name]?.[field] ?? [m.key];
      } else {
        prop['x-kubernetes-list-type'] = 'set';
      }
    }
  }
  for (const [name, fields] of Object.entries(KEY_DEFAULTS)) {
    for (const [field, value] of Object.entries(fields)) {
      const prop = defs[name]?.properties?.[field];
      if (prop) prop.default = value;
    }
  }
  for (const name of ATOMIC_STRUCTS) {
    const d = defs[name];
    if (d) d['x-kubernetes-map-type'] = 'atomic';
  }
}
