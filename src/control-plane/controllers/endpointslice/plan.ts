/**
 * The pure second half of the EndpointSlice controller: given the slices a
 * Service has and the endpoints it should have, decide which slices to
 * create, update and delete. Endpoints stay in the slice they are in when
 * possible (less churn for watchers), new ones fill slices with room
 * before new slices are made, and no slice holds more than
 * {@link MAX_ENDPOINTS_PER_SLICE}. A Service without endpoints keeps one
 * empty placeholder slice, as upstream.
 */
import type { KObject } from '../../../api/types.ts';
import { portsKey } from '../common/service-endpoints.ts';
import { endpointKey, type DesiredSlices, type SliceEndpoint, type SlicePort } from './desired.ts';

/** Upstream's default --max-endpoints-per-slice. */
export const MAX_ENDPOINTS_PER_SLICE = 100;

/** Content of one slice to write. */
export interface SliceContent { addressType: string; ports: SlicePort[] | null; endpoints: SliceEndpoint[] }

/** What to do. */
export interface SlicePlan {
  create: SliceContent[];
  /** Existing slices (cached objects) with their new content. */
  update: { slice: KObject; content: SliceContent }[];
  delete: KObject[];
}

const sortEndpoints = (es: SliceEndpoint[]): SliceEndpoint[] =>
  es.sort((a, b) => (a.addresses[0] ?? '').localeCompare(b.addresses[0] ?? '', 'en', { numeric: true }));

const sameContent = (s: KObject, c: SliceContent): boolean =>
  JSON.stringify(s.endpoints ?? []) === JSON.stringify(c.endpoints) && JSON.stringify(s.ports ?? null) === JSON.stringify(c.ports);

/** Plan one address type. `existing` are the Service's slices of that type. */
export function planSlices(existing: KObject[], want: DesiredSlices, max = MAX_ENDPOINTS_PER_SLICE): SlicePlan {
  const plan: SlicePlan = { create: [], update: [], delete: [] };
  const total = [...want.groups.values()].reduce((n, g) => n + g.endpoints.length, 0);
  const sorted = [...existing].sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
  if (total === 0) {
    const placeholder: SliceContent = { addressType: want.addressType, ports: null, endpoints: [] };
    const keep = sorted.find((s) => sameContent(s, placeholder)) ?? sorted[0];
    if (!keep) plan.create.push(placeholder);
    else if (!sameContent(keep, placeholder)) plan.update.push({ slice: keep, content: placeholder });
    plan.delete.push(...sorted.filter((s) => s !== keep));
    return plan;
  }
  for (const g of want.groups.values()) {
    const pending = new Map(g.endpoints.map((e) => [endpointKey(e), e]));
    const slots: { slice?: KObject; endpoints: SliceEndpoint[] }[] = [];
    // Keep each wanted endpoint in the slice that lists it.
    for (const s of sorted) {
      if (portsKey(s.ports) !== g.key || (s.endpoints ?? []).length === 0 && s.ports == null) continue;
      const kept: SliceEndpoint[] = [];
      for (const e of (s.endpoints ?? []) as SliceEndpoint[]) {
        const k = endpointKey(e);
        const next = pending.get(k);
        if (next && kept.length < max) { kept.push(next); pending.delete(k); }
      }
      slots.push({ slice: s, endpoints: kept });
    }
    // New endpoints fill the fullest slices with room first, then new slices.
    const rest = [...pending.values()];
    for (const slot of [...slots].sort((a, b) => b.endpoints.length - a.endpoints.length)) {
      while (rest.length > 0 && slot.endpoints.length < max && slot.endpoints.length > 0) slot.endpoints.push(rest.shift()!);
    }
    for (const slot of slots) {
      while (rest.length > 0 && slot.endpoints.length < max) slot.endpoints.push(rest.shift()!);
    }
    while (rest.length > 0) slots.push({ endpoints: rest.splice(0, max) });
    for (const slot of slots) {
      const content: SliceContent = { addressType: want.addressType, ports: g.ports, endpoints: sortEndpoints(slot.endpoints) };
      if (!slot.slice) plan.create.push(content);
      else if (slot.endpoints.length === 0) plan.delete.push(slot.slice);
      else if (!sameContent(slot.slice, content)) plan.update.push({ slice: slot.slice, content });
    }
  }
  // Slices whose port set no longer exists, and leftover placeholders.
  const planned = new Set([...plan.update.map((u) => u.slice), ...plan.delete]);
  for (const s of sorted) {
    if (planned.has(s)) continue;
    const grouped = want.groups.has(portsKey(s.ports)) && !((s.endpoints ?? []).length === 0 && s.ports == null);
    if (!grouped) plan.delete.push(s);
  }
  return plan;
}

/** Does a slice's metadata (labels, owner) need rewriting? */
export function metadataDiffers(s: KObject, labels: Record<string, string>, owner: Record<string, unknown>): boolean {
  return JSON.stringify(s.metadata.labels ?? {}) !== JSON.stringify(labels)
    || JSON.stringify(s.metadata.ownerReferences ?? []) !== JSON.stringify([owner]);
}
