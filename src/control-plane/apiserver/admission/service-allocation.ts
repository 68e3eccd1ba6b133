/**
 * Service cluster IP and node port allocation. Each allocated IP or port
 * is one store key created atomically (`/registry/ranges/...`), so two
 * Services can never get the same one, even across API servers sharing a
 * store; a failed write releases what it reserved.
 */
import { randomInt } from 'node:crypto';
import { K8sError, type StatusCause } from '../../../base/errors.ts';
import type { KObject } from '../../../api/types.ts';
import { StorageError, type Store } from '../../../storage/types.ts';
import type { AdmissionHook } from '../registry/types.ts';
import { inRange, nthIp, parseCidr, type Cidr4 } from './cidr.ts';

/** Allocation settings. */
export interface AllocationConfig {
  serviceCIDR: string;
  nodePortRange: [number, number];
}

interface ServicePort { port?: number; nodePort?: number; protocol?: string; name?: string }

const ipKey = (ip: string): string => `/registry/ranges/serviceips/${ip}`;
const portKey = (port: number): string => `/registry/ranges/nodeports/${port}`;

function invalid(svc: KObject, field: string, value: string, msg: string): K8sError {
  const cause: StatusCause = { reason: 'FieldValueInvalid', message: `Invalid value: ${value}: ${msg}`, field };
  return new K8sError('Invalid', `Service "${svc.metadata.name ?? ''}" is invalid: ${field}: ${cause.message}`, {
    name: svc.metadata.name, kind: 'Service', causes: [cause],
  });
}

async function reserve(store: Store, key: string, owner: string): Promise<boolean> {
  try {
    await store.create(key, owner);
    return true;
  } catch (e) {
    if (e instanceof StorageError && e.code === 'KeyExists') return false;
    throw e;
  }
}

async function release(store: Store, key: string): Promise<void> {
  try { await store.delete(key); } catch (e) { if (!(e instanceof StorageError && e.code === 'NotFound')) throw e; }
}

async function allocateIp(store: Store, c: Cidr4, owner: string): Promise<string> {
  const usable = c.size - 2;
  const start = 1 + randomInt(usable);
  // Random start spreads allocations; a linear probe from there finds a free one when the range fills up.
  for (let i = 0; i < usable; i++) {
    const ip = nthIp(c, 1 + ((start - 1 + i) % usable));
    if (await reserve(store, ipKey(ip), owner)) return ip;
  }
  throw new K8sError('InternalError', 'failed to allocate a serviceIP: range is full');
}

async function allocatePort(store: Store, range: [number, number], owner: string): Promise<number> {
  const n = range[1] - range[0] + 1;
  const start = randomInt(n);
  for (let i = 0; i < n; i++) {
    const p = range[0] + ((start + i) % n);
    if (await reserve(store, portKey(p), owner)) return p;
  }
  throw new K8sError('InternalError', 'failed to allocate a nodePort: range is full');
}

function needsNodePorts(svc: KObject): boolean {
  return svc.spec?.type === 'NodePort' || svc.spec?.type === 'LoadBalancer';
}

/** Build the allocation hook. */
export function serviceAllocation(store: () => Store, cfg: AllocationConfig): AdmissionHook {
  const cidr = parseCidr(cfg.serviceCIDR);
  return {
    name: 'ServiceAllocation',
    async admit(a) {
      if (!(a.resource.kind === 'Service' && a.resource.group === '') || a.operation === 'DELETE' || a.subresource) return;
      const svc = a.object!;
      const old = a.oldObject;
      const spec = (svc.spec ??= {});
      const owner = `${a.namespace}/${a.name}`;
      const reserved: string[] = [];
      const undo = async (): Promise<void> => { for (const k of reserved) await release(store(), k); };
      try {
        if (old) {
          // clusterIP is immutable: an update that omits it keeps the allocated one.
          if (!spec.clusterIP && old.spec?.clusterIP) { spec.clusterIP = old.spec.clusterIP; spec.clusterIPs = old.spec.clusterIPs; }
          const oldPorts = (old.spec?.ports ?? []) as ServicePort[];
          for (const p of (spec.ports ?? []) as ServicePort[]) {
            if (p.nodePort) continue;
            const same = oldPorts.find((o) => o.port === p.port && (o.protocol ?? 'TCP') === (p.protocol ?? 'TCP') && o.nodePort);
            if (same && needsNodePorts(svc)) p.nodePort = same.nodePort;
          }
        } else if (spec.type !== 'ExternalName' && spec.clusterIP !== 'None') {
          if (spec.clusterIP) {
            if (!inRange(cidr, spec.clusterIP)) {
              throw invalid(svc, 'spec.clusterIPs', `["${spec.clusterIP}"]`, `failed to allocate IP ${spec.clusterIP}: the provided IP (${spec.clusterIP}) is not in the valid range. The range of valid IPs is ${cfg.serviceCIDR}`);
            }
            if (!a.dryRun && !(await reserve(store(), ipKey(spec.clusterIP), owner))) {
              throw invalid(svc, 'spec.clusterIPs', `["${spec.clusterIP}"]`, `failed to allocate IP ${spec.clusterIP}: provided IP is already allocated`);
            }
            if (!a.dryRun) reserved.push(ipKey(spec.clusterIP));
          } else if (!a.dryRun) {
            spec.clusterIP = await allocateIp(store(), cidr, owner);
            reserved.push(ipKey(spec.clusterIP));
          }
          if (spec.clusterIP) spec.clusterIPs = [spec.clusterIP];
        }
        if (!needsNodePorts(svc)) {
          for (const p of (spec.ports ?? []) as ServicePort[]) delete p.nodePort;
          return reserved.length ? undo : undefined;
        }
        const oldNodePorts = new Set(((old?.spec?.ports ?? []) as ServicePort[]).map((p) => p.nodePort).filter(Boolean));
        const ports = (spec.ports ?? []) as ServicePort[];
        for (let i = 0; i < ports.length; i++) {
          const p = ports[i];
          if (p.nodePort && oldNodePorts.has(p.nodePort)) continue;
          if (a.dryRun) continue;
          if (p.nodePort) {
            if (p.nodePort < cfg.nodePortRange[0] || p.nodePort > cfg.nodePortRange[1]) {
              throw invalid(svc, `spec.ports[${i}].nodePort`, String(p.nodePort), `provided port is not in the valid range. The range of valid ports is ${cfg.nodePortRange[0]}-${cfg.nodePortRange[1]}`);
            }
            if (!(await reserve(store(), portKey(p.nodePort), owner))) {
              throw invalid(svc, `spec.ports[${i}].nodePort`, String(p.nodePort), 'provided port is already allocated');
            }
          } else {
            p.nodePort = await allocatePort(store(), cfg.nodePortRange, owner);
          }
          reserved.push(portKey(p.nodePort));
        }
        return reserved.length ? undo : undefined;
      } catch (e) {
        await undo();
        throw e;
      }
    },
    async committed(a) {
      if (!(a.resource.kind === 'Service' && a.resource.group === '') || a.subresource) return;
      const old = a.oldObject;
      if (!old) return;
      const keep = new Set<number>(a.operation === 'DELETE' ? [] : ((a.object?.spec?.ports ?? []) as ServicePort[]).map((p) => p.nodePort ?? 0));
      for (const p of (old.spec?.ports ?? []) as ServicePort[]) {
        if (p.nodePort && !keep.has(p.nodePort)) await release(store(), portKey(p.nodePort));
      }
      if (a.operation === 'DELETE' && old.spec?.clusterIP && old.spec.clusterIP !== 'None') await release(store(), ipKey(old.spec.clusterIP));
    },
  };
}
