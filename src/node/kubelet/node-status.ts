/**
 * Registration and status reporting of one Node. Like upstream's kubelet
 * with the Lease heartbeat on, it computes the status every
 * nodeStatusUpdateFrequency (10 s) but writes it only when something other
 * than heartbeat times changed, or when nodeStatusReportFrequency (5 min)
 * has passed since the last write; liveness is the Lease's job.
 */
import { isDeepStrictEqual } from 'node:util';
import { isK8sError } from '../../base/errors.ts';
import type { Clock } from '../../base/clock.ts';
import type { Logger } from '../../base/logger.ts';
import type { KObject } from '../../api/types.ts';
import type { KubeClient } from '../../client/types.ts';
import { buildNode, nodeConditions, nodeLabels, nodeStatusBody, type NodeDescription } from './node-object.ts';

/** What a real node measures each tick. */
export interface NodeMeasurement {
  pressure?: { memory: boolean; disk: boolean; pid: boolean };
  capacity?: Record<string, string>;
  allocatable?: Record<string, string>;
  images?: Array<{ names: string[]; sizeBytes: number }>;
}

const NODES = { group: '', version: 'v1', plural: 'nodes' } as const;

/** Configuration of {@link NodeStatusReporter}. */
export interface NodeStatusReporterConfig {
  client: KubeClient;
  node: NodeDescription;
  clock: Clock;
  logger: Logger;
  /** Write even an unchanged status this often; default 5 min (upstream nodeStatusReportFrequency). */
  reportIntervalMs?: number;
  /** Real nodes: measured each tick (pressure conditions, capacity, the images list). */
  measure?: () => Promise<NodeMeasurement>;
  /** Called with the Node as the server returned it (the kubelet watches spec.podCIDR). */
  onNode?: (node: KObject) => void;
}

/** Registers a Node and keeps its status current. */
export class NodeStatusReporter {
  private lastStatus: KObject['status'] | undefined;
  private lastReportAt = 0;

  constructor(private readonly cfg: NodeStatusReporterConfig) {}

  private iso(): string { return new Date(this.cfg.clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z'); }

  /** Create the Node, or adopt an existing one (restart, or registered before): fix labels, write status. */
  async register(): Promise<KObject> {
    const { client, node } = this.cfg;
    let obj: KObject;
    try {
      obj = await client.create(NODES, buildNode(node, this.iso()));
    } catch (e) {
      if (!isK8sError(e, 'AlreadyExists')) throw e;
      obj = await client.get({ ...NODES, name: node.nodeName });
      const want = nodeLabels(node);
      const have = (obj.metadata.labels ?? {}) as Record<string, string>;
      const fix = Object.fromEntries(Object.entries(want).filter(([k, v]) => have[k] !== v));
      if (Object.keys(fix).length > 0) obj = await client.patch({ ...NODES, name: node.nodeName }, 'merge', { metadata: { labels: fix } });
      this.lastStatus = obj.status;
      return this.report(true);
    }
    this.lastStatus = obj.status;
    this.lastReportAt = this.cfg.clock.now();
    // A real node reports its measurements (pressure, images) right away, not a tick later.
    if (this.cfg.measure) return this.report(true);
    this.cfg.onNode?.(obj);
    return obj;
  }

  /** One nodeStatusUpdateFrequency tick: write when changed or due. */
  async tick(): Promise<void> { await this.report(false); }

  private async report(force: boolean): Promise<KObject> {
    const { client, node, clock } = this.cfg;
    let m: NodeMeasurement = {};
    try { m = (await this.cfg.measure?.()) ?? {}; } catch (e) { this.cfg.logger.warn('node measurement failed', { err: (e as Error).message }); }
    const desc = { ...node, ...(m.capacity ? { capacity: m.capacity } : {}), ...(m.allocatable ? { allocatable: m.allocatable } : {}) };
    const status: Record<string, unknown> = { ...nodeStatusBody(desc), conditions: nodeConditions(this.iso(), this.lastStatus, m.pressure) };
    if (m.images) status.images = m.images;
    const due = clock.now() - this.lastReportAt >= (this.cfg.reportIntervalMs ?? 300_000);
    if (!force && !due && this.lastStatus && sameIgnoringHeartbeat(status, this.lastStatus)) return { metadata: {} };
    const obj = await client.patch<KObject>({ ...NODES, name: node.nodeName, subresource: 'status' }, 'merge', { status });
    this.lastStatus = obj.status;
    this.lastReportAt = clock.now();
    this.cfg.onNode?.(obj);
    return obj;
  }
}

function withoutHeartbeat(s: Record<string, unknown>): Record<string, unknown> {
  const conditions = ((s.conditions ?? []) as Array<Record<string, unknown>>).map(({ lastHeartbeatTime: _h, ...c }) => c);
  const out: Record<string, unknown> = { ...s, conditions };
  // Fields the kubelet does not own do not count as changes (images: only real nodes report them).
  for (const k of Object.keys(out)) if (!['capacity', 'allocatable', 'addresses', 'nodeInfo', 'conditions', 'daemonEndpoints', 'images'].includes(k)) delete out[k];
  return out;
}

/** True when only heartbeat times differ. */
export function sameIgnoringHeartbeat(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const x = withoutHeartbeat(a);
  const y = withoutHeartbeat(b);
  // bootID changes on restart and must be reported; everything is compared.
  return isDeepStrictEqual(JSON.parse(JSON.stringify(x)), JSON.parse(JSON.stringify(y)));
}
