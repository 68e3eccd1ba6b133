/**
 * What the Endpoints and EndpointSlice controllers agree on about a
 * Service's pods: which pods belong in its endpoints at all, whether they
 * count as ready, which port a (possibly named) targetPort resolves to on a
 * given pod, and which Services select a pod.
 */
import type { KObject } from '../../../api/types.ts';
import { compileLabelSelectorObject } from '../../../api/selectors/labels.ts';
import { isPodReady } from './pod-utils.ts';

/** A Service port as in spec.ports. */
export interface ServicePort {
  name?: string;
  protocol?: string;
  port: number;
  targetPort?: number | string;
  appProtocol?: string;
}

/** Port of an Endpoints subset or an EndpointSlice. */
export interface EndpointPort { name?: string; port: number; protocol: string; appProtocol?: string }

/** The API server's own Service: its Endpoints and slice belong to the API server's bootstrap. */
export function isApiServerService(svc: KObject): boolean {
  return svc.metadata.namespace === 'default' && svc.metadata.name === 'kubernetes';
}

/** Services with a selector get controller-managed endpoints; others are left to their users. */
export function managesEndpoints(svc: KObject): boolean {
  if (isApiServerService(svc) || svc.metadata.deletionTimestamp) return false;
  const sel = svc.spec?.selector as Record<string, string> | undefined;
  return !!sel && Object.keys(sel).length > 0 && svc.spec?.type !== 'ExternalName';
}

/** Headless: clusterIP None. */
export function isHeadless(svc: KObject): boolean {
  return svc.spec?.clusterIP === 'None';
}

/** Does the Service's selector select these labels? */
export function selects(svc: KObject, labels: Record<string, string> | undefined): boolean {
  const sel = svc.spec?.selector as Record<string, string> | undefined;
  if (!sel || Object.keys(sel).length === 0) return false;
  return compileLabelSelectorObject({ matchLabels: sel })(labels);
}

/** The pod's IPs (status.podIPs, else status.podIP). */
export function podIPs(pod: KObject): string[] {
  const ips = (pod.status?.podIPs as { ip: string }[] | undefined)?.map((p) => p.ip).filter(Boolean) ?? [];
  if (ips.length > 0) return ips;
  return pod.status?.podIP ? [pod.status.podIP as string] : [];
}

/** IPv4 or IPv6 by the address itself. */
export function addressFamily(ip: string): 'IPv4' | 'IPv6' {
  return ip.includes(':') ? 'IPv6' : 'IPv4';
}

/**
 * Whether a pod belongs in endpoints at all, as upstream: it has an IP, it
 * is not terminal (for its restart policy), and it is not terminating
 * unless `includeTerminating`.
 */
export function podBelongs(pod: KObject, includeTerminating: boolean): boolean {
  if (podIPs(pod).length === 0) return false;
  if (!includeTerminating && pod.metadata.deletionTimestamp) return false;
  const phase = pod.status?.phase;
  const policy = pod.spec?.restartPolicy ?? 'Always';
  if (policy === 'Never') return phase !== 'Failed' && phase !== 'Succeeded';
  if (policy === 'OnFailure') return phase !== 'Succeeded';
  return true;
}

/** Ready for traffic (the Ready condition); terminating pods never are, even if still serving. */
export function podServing(pod: KObject): boolean {
  return isPodReady(pod);
}

/**
 * The container port a Service port reaches on this pod: a number is used
 * as is, a name is looked up among the pod's container ports with the same
 * protocol; undefined when the pod has no such named port.
 */
export function resolveTargetPort(pod: KObject, sp: ServicePort): number | undefined {
  const tp = sp.targetPort ?? sp.port;
  if (typeof tp === 'number') return tp;
  if (/^\d+$/.test(tp)) return Number(tp);
  const proto = sp.protocol ?? 'TCP';
  for (const c of [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])] as KObject[]) {
    for (const p of (c.ports ?? []) as { name?: string; containerPort: number; protocol?: string }[]) {
      if (p.name === tp && (p.protocol ?? 'TCP') === proto) return p.containerPort;
    }
  }
  return undefined;
}

/** The Service's ports as resolved on one pod (ports that do not resolve are left out). */
export function podPorts(svc: KObject, pod: KObject): EndpointPort[] {
  const out: EndpointPort[] = [];
  for (const sp of (svc.spec?.ports ?? []) as ServicePort[]) {
    const port = resolveTargetPort(pod, sp);
    if (port === undefined) continue;
    const ep: EndpointPort = { port, protocol: sp.protocol ?? 'TCP' };
    if (sp.name) ep.name = sp.name;
    if (sp.appProtocol) ep.appProtocol = sp.appProtocol;
    out.push(ep);
  }
  return out.sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '') || a.port - b.port || a.protocol.localeCompare(b.protocol));
}

/** A stable key of a port set, to group endpoints that share ports. */
export function portsKey(ports: EndpointPort[] | null | undefined): string {
  return JSON.stringify((ports ?? []).map((p) => [p.name ?? '', p.port, p.protocol, p.appProtocol ?? '']));
}

/**
 * The hostname a pod gets in a headless Service's endpoints: its
 * spec.hostname when its spec.subdomain names the Service.
 */
export function endpointHostname(svc: KObject, pod: KObject): string | undefined {
  if (!isHeadless(svc)) return undefined;
  const h = pod.spec?.hostname as string | undefined;
  return h && pod.spec?.subdomain === svc.metadata.name && pod.metadata.namespace === svc.metadata.namespace ? h : undefined;
}

/** `{kind: Pod, namespace, name, uid}` as endpoints reference pods. */
export function podRef(pod: KObject): Record<string, string> {
  return { kind: 'Pod', namespace: pod.metadata.namespace ?? '', name: pod.metadata.name ?? '', uid: pod.metadata.uid ?? '' };
}

/** Labels of the Service copied to its endpoints, plus the headless marker upstream adds. */
export function endpointLabels(svc: KObject): Record<string, string> {
  const out: Record<string, string> = { ...(svc.metadata.labels ?? {}) };
  if (isHeadless(svc)) out['service.kubernetes.io/headless'] = '';
  else delete out['service.kubernetes.io/headless'];
  return out;
}

/** Keys of the Services in the pod's namespace that select either label set. */
export function servicesForPod(services: KObject[], labels: (Record<string, string> | undefined)[]): string[] {
  const keys: string[] = [];
  for (const s of services) {
    if (!managesEndpoints(s)) continue;
    if (labels.some((l) => selects(s, l))) keys.push(`${s.metadata.namespace}/${s.metadata.name}`);
  }
  return keys;
}

/** Did a pod change in a way endpoints care about? */
export function podEndpointChange(a: KObject, b: KObject): boolean {
  return a.status?.podIP !== b.status?.podIP || isPodReady(a) !== isPodReady(b) || a.status?.phase !== b.status?.phase
    || !!a.metadata.deletionTimestamp !== !!b.metadata.deletionTimestamp || a.spec?.nodeName !== b.spec?.nodeName
    || JSON.stringify(a.metadata.labels ?? {}) !== JSON.stringify(b.metadata.labels ?? {})
    || JSON.stringify(a.status?.podIPs ?? []) !== JSON.stringify(b.status?.podIPs ?? [])
    || a.spec?.hostname !== b.spec?.hostname || a.spec?.subdomain !== b.spec?.subdomain;
}
