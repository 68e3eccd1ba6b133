/**
 * The pure first half of the EndpointSlice controller: a Service and its
 * pods to the endpoints each address type should list, grouped by the port
 * set they resolve to. Unlike v1 Endpoints, terminating pods stay listed
 * (ready false, serving as their readiness says, terminating true).
 */
import type { KObject } from '../../../api/types.ts';
import {
  addressFamily, endpointHostname, isHeadless, podBelongs, podIPs, podPorts, podRef, podServing, portsKey, selects,
  type EndpointPort,
} from '../common/service-endpoints.ts';

/** An endpoint of discovery.k8s.io/v1. */
export interface SliceEndpoint {
  addresses: string[];
  conditions: { ready: boolean; serving: boolean; terminating: boolean };
  hostname?: string;
  targetRef?: Record<string, string>;
  nodeName?: string;
  zone?: string;
}

/** A slice port: like an Endpoints port but `name` is always present. */
export interface SlicePort { name: string; port: number; protocol: string; appProtocol?: string }

/** Endpoints sharing one port set. */
export interface PortGroup { key: string; ports: SlicePort[]; endpoints: SliceEndpoint[] }

/** Desired endpoints of one address type. */
export interface DesiredSlices { addressType: 'IPv4' | 'IPv6'; groups: Map<string, PortGroup> }

/** Identity of an endpoint within a Service: the pod's uid, else its address. */
export function endpointKey(e: SliceEndpoint): string {
  return e.targetRef?.uid || e.addresses[0] || '';
}

/** Address types a Service's slices carry (spec.ipFamilies, IPv4 by default). */
export function addressTypes(svc: KObject): ('IPv4' | 'IPv6')[] {
  const fams = (svc.spec?.ipFamilies as string[] | undefined)?.filter((f) => f === 'IPv4' || f === 'IPv6') as ('IPv4' | 'IPv6')[] | undefined;
  return fams?.length ? fams : ['IPv4'];
}

function slicePorts(ports: EndpointPort[]): SlicePort[] {
  return ports.map((p) => ({ name: p.name ?? '', port: p.port, protocol: p.protocol, ...(p.appProtocol ? { appProtocol: p.appProtocol } : {}) }));
}

/** The endpoint of one pod for one address type, or undefined when it has no such address. */
export function podEndpoint(svc: KObject, pod: KObject, family: 'IPv4' | 'IPv6', zoneOf: (node: string) => string | undefined): SliceEndpoint | undefined {
  const addresses = podIPs(pod).filter((ip) => addressFamily(ip) === family);
  if (addresses.length === 0) return undefined;
  const publish = svc.spec?.publishNotReadyAddresses === true;
  const serving = podServing(pod);
  const terminating = !!pod.metadata.deletionTimestamp;
  // Terminating endpoints are never ready unless the Service publishes not-ready addresses.
  const ready = (publish || serving) && (!terminating || publish);
  const e: SliceEndpoint = { addresses: [addresses[0] as string], conditions: { ready, serving, terminating } };
  const hostname = endpointHostname(svc, pod);
  if (hostname) e.hostname = hostname;
  e.targetRef = podRef(pod);
  const node = pod.spec?.nodeName as string | undefined;
  if (node) {
    e.nodeName = node;
    const zone = zoneOf(node);
    if (zone) e.zone = zone;
  }
  return e;
}

/** Desired endpoints of the Service per address type. */
export function desiredSlices(svc: KObject, pods: KObject[], zoneOf: (node: string) => string | undefined): DesiredSlices[] {
  const hasPorts = ((svc.spec?.ports ?? []) as unknown[]).length > 0;
  return addressTypes(svc).map((addressType) => {
    const groups = new Map<string, PortGroup>();
    for (const pod of pods) {
      if (!selects(svc, pod.metadata.labels) || !podBelongs(pod, true)) continue;
      const ports = podPorts(svc, pod);
      if (ports.length === 0 && (hasPorts || !isHeadless(svc))) continue;
      const e = podEndpoint(svc, pod, addressType, zoneOf);
      if (!e) continue;
      const key = portsKey(ports);
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { key, ports: slicePorts(ports), endpoints: [] }));
      g.endpoints.push(e);
    }
    return { addressType, groups };
  });
}
