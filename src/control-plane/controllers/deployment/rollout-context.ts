/**
 * The state of one Deployment sync: the latest Deployment and its claimed
 * ReplicaSets, and the writes the strategies make (each write replaces the
 * cached copy with the server's answer, so later writes in the same sync
 * carry the right resourceVersion).
 */
import type { Clock } from '../../../base/clock.ts';
import type { Logger } from '../../../base/logger.ts';
import type { KObject } from '../../../api/types.ts';
import type { KubeClient } from '../../../client/types.ts';
import type { EventRecorder } from '../../../client/event-recorder.ts';
import { canonicalJson } from './hash.ts';
import { toWire } from './status.ts';
import { maxSurge, replicas, REVISION, setReplicasAnnotations } from './util.ts';

export const DEPLOYMENTS = { group: 'apps', version: 'v1', plural: 'deployments' };
const DEPLOYMENT_KIND = { apiVersion: 'apps/v1', kind: 'Deployment' };
export const REPLICA_SETS = { group: 'apps', version: 'v1', plural: 'replicasets' };

/** One sync's view and writes. */
export class RolloutContext {
  /** Set by a strategy when the rollout must be looked at again later (progress deadline). */
  requeueAfterMs?: number;
  /** Where ScalingReplicaSet events go (none in unit tests). */
  recorder?: EventRecorder;

  constructor(
    readonly client: KubeClient,
    readonly clock: Clock,
    readonly logger: Logger,
    /** The Deployment as last read or written. */
    public d: KObject,
    /** Claimed ReplicaSets, updated in place by writes. */
    public rsList: KObject[],
  ) {}

  now(): number { return this.clock.now(); }

  private replace(rs: KObject): KObject {
    this.rsList = this.rsList.map((x) => (x.metadata.uid === rs.metadata.uid ? rs : x));
    return rs;
  }

  /** PUT a changed ReplicaSet. */
  async updateRS(rs: KObject): Promise<KObject> {
    const out = await this.client.update({ ...REPLICA_SETS, namespace: rs.metadata.namespace, name: rs.metadata.name }, rs);
    return this.replace(out);
  }

  /** Scale `rs` to `n`, refreshing its replicas annotations; returns the RS and whether it was written. */
  async scaleRS(rs: KObject, n: number): Promise<[KObject, boolean]> {
    const next = structuredClone(rs);
    const sizeChange = replicas(rs) !== n;
    const annotations = setReplicasAnnotations(next, replicas(this.d), replicas(this.d) + maxSurge(this.d));
    if (!sizeChange && !annotations) return [rs, false];
    next.spec = { ...next.spec, replicas: n };
    const out = await this.updateRS(next);
    if (sizeChange) {
      this.logger.info('scaled replica set', { deployment: this.d.metadata.name, replicaSet: rs.metadata.name, from: replicas(rs), to: n });
      this.scalingEvent(rs.metadata.name, replicas(rs), n);
    }
    return [out, sizeChange];
  }

  /** The ScalingReplicaSet event `kubectl describe deployment` shows. */
  scalingEvent(rsName: string | undefined, from: number, to: number): void {
    const dir = to > from ? 'up' : 'down';
    this.recorder?.event(this.d, 'Normal', 'ScalingReplicaSet', `Scaled ${dir} replica set ${rsName ?? ''} from ${from} to ${to}`, DEPLOYMENT_KIND);
  }

  /** Write `status` when it differs from the Deployment's. */
  async writeStatus(status: Record<string, unknown>): Promise<void> {
    const wire = toWire(status);
    if (canonicalJson(wire) === canonicalJson(this.d.status ?? {})) return;
    const next = { ...this.d, status: wire };
    this.d = await this.client.update({ ...DEPLOYMENTS, namespace: this.d.metadata.namespace, name: this.d.metadata.name, subresource: 'status' }, next);
  }

  /** Record `revision` in the Deployment's revision annotation (a metadata-only change). */
  async setRevision(revision: string): Promise<void> {
    if (this.d.metadata.annotations?.[REVISION] === revision) return;
    this.d = await this.client.patch({ ...DEPLOYMENTS, namespace: this.d.metadata.namespace, name: this.d.metadata.name }, 'merge',
      { metadata: { resourceVersion: this.d.metadata.resourceVersion, annotations: { [REVISION]: revision } } });
  }
}
