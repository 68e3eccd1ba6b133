/**
 * The pure part of the Endpoints controller: a Service and its pods to
 * v1 Endpoints subsets (ready addresses and notReadyAddresses grouped by
 * the ports they resolve to), as upstream's endpoints controller packs them.
 */
import type { KObject } from '../../../api/types.ts';
import {
  addressFamily, endpointHostname, isHeadless, podBelongs, podIPs, podPorts, podRef, podServing, portsKey, selects,
  type EndpointPort,
} from '../common/service-endpoints.ts';

/** An address of a subset. */
export interface EndpointAddress { ip: string; hostname?: string; nodeName?: string; targetRef?: Record<string, string> }

/** One subset: addresses sharing a port set. */
export interface EndpointSubset { addresses?: EndpointAddress[]; notReadyAddresses?: EndpointAddress[]; ports?: EndpointPort[] }

/** Upstream truncates Endpoints to this many addresses (EndpointSlices have no limit). */
export const MAX_ENDPOINT_ADDRESSES = 1000;

/** Result of {@link computeSubsets}. */
export interface Subsets { subsets: EndpointSubset[]; truncated: boolean }

/** The IP of the pod in the Service's (first) IP family. */
function serviceFamilyIP(svc: KObject, pod: KObject): string | undefined {
  const fam = (svc.spec?.ipFamilies as string[] | undefined)?.[0] ?? 'IPv4';
  const ips = podIPs(pod);
  return ips.find((ip) => addressFamily(ip) === fam) ?? (svc.spec?.ipFamilies ? undefined : ips[0]);
}

const byIP = (a: EndpointAddress, b: EndpointAddress): number => a.ip.localeCompare(b.ip, 'en', { numeric: true });

/** Subsets of a Service from the pods of its namespace. */
export function computeSubsets(svc: KObject, pods: KObject[]): Subsets {
  const tolerateUnready = svc.spec?.publishNotReadyAddresses === true;
  const groups = new Map<string, { ports: EndpointPort[]; ready: EndpointAddress[]; notReady: EndpointAddress[] }>();
  const hasPorts = ((svc.spec?.ports ?? []) as unknown[]).length > 0;
  for (const pod of pods) {
    if (!selects(svc, pod.metadata.labels) || !podBelongs(pod, tolerateUnready)) continue;
    const ip = serviceFamilyIP(svc, pod);
    if (!ip) continue;
    const ports = podPorts(svc, pod);
    // A headless Service without ports still lists its pods; otherwise a pod needs at least one resolved port.
    if (ports.length === 0 && (hasPorts || !isHeadless(svc))) continue;
    const addr: EndpointAddress = { ip };
    const hostname = endpointHostname(svc, pod);
    if (hostname) addr.hostname = hostname;
    if (pod.spec?.nodeName) addr.nodeName = pod.spec.nodeName;
    addr.targetRef = podRef(pod);
    const k = portsKey(ports);
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { ports, ready: [], notReady: [] }));
    if (tolerateUnready || podServing(pod)) g.ready.push(addr);
    else g.notReady.push(addr);
  }
  let budget = MAX_ENDPOINT_ADDRESSES;
  let truncated = false;
  const subsets: EndpointSubset[] = [];
  for (const k of [...groups.keys()].sort()) {
    const g = groups.get(k)!;
    g.ready.sort(byIP);
    g.notReady.sort(byIP);
    // Over capacity, ready addresses are kept before not-ready ones, as upstream.
    const ready = g.ready.slice(0, Math.max(0, budget));
    budget -= ready.length;
    const notReady = g.notReady.slice(0, Math.max(0, budget));
    budget -= notReady.length;
    if (ready.length < g.ready.length || notReady.length < g.notReady.length) truncated = true;
    if (ready.length === 0 && notReady.length === 0) continue;
    const s: EndpointSubset = {};
    if (ready.length) s.addresses = ready;
    if (notReady.length) s.notReadyAddresses = notReady;
    if (g.ports.length) s.ports = g.ports;
    subsets.push(s);
  }
  return { subsets, truncated };
}
