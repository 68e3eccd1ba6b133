/**
 * The node heartbeat: a coordination.k8s.io Lease named after the node in
 * kube-node-lease, renewed every 10 s with leaseDurationSeconds 40, as
 * upstream's kubelet does. The lease is kept from the last answer, so a
 * renewal is one PUT (compare-and-swap on its resourceVersion); a conflict
 * re-reads it once.
 */
import { isK8sError } from '../../base/errors.ts';
import type { Clock } from '../../base/clock.ts';
import type { KObject } from '../../api/types.ts';
import type { KubeClient } from '../../client/types.ts';

/** Namespace of node leases. */
export const NODE_LEASE_NAMESPACE = 'kube-node-lease';
/** Upstream's defaults. */
export const LEASE_DURATION_SECONDS = 40;
export const LEASE_RENEW_INTERVAL_MS = 10_000;

const LEASES = { group: 'coordination.k8s.io', version: 'v1', plural: 'leases', namespace: NODE_LEASE_NAMESPACE } as const;

/** metav1.MicroTime: RFC 3339 with microseconds. */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** Configuration of {@link NodeLease}. */
export interface NodeLeaseConfig {
  client: KubeClient;
  nodeName: string;
  clock: Clock;
  /** uid of the Node: the lease is owned by it and goes when the Node is deleted. */
  nodeUid?: string;
}

/** The Lease heartbeat of one node. */
export class NodeLease {
  private lease: KObject | undefined;

  constructor(private readonly cfg: NodeLeaseConfig) {}

  /** Record the Node's uid (known after registration) for the owner reference. */
  setNodeUid(uid: string | undefined): void { this.cfg.nodeUid = uid; }

  /** Renew (creating the lease if missing); one re-read on a conflict, then the error goes to the caller. */
  async renew(retried = false): Promise<void> {
    const { client, nodeName } = this.cfg;
    if (!this.lease) {
      try {
        this.lease = await client.get({ ...LEASES, name: nodeName });
      } catch (e) {
        if (!isK8sError(e, 'NotFound')) throw e;
        this.lease = await client.create(LEASES, this.desired(undefined));
        return;
      }
    }
    try {
      this.lease = await client.update({ ...LEASES, name: nodeName }, this.desired(this.lease));
    } catch (e) {
      this.lease = undefined;
      if (retried || (!isK8sError(e, 'Conflict') && !isK8sError(e, 'NotFound'))) throw e;
      await this.renew(true);
    }
  }

  private desired(cur: KObject | undefined): KObject {
    const { nodeName, nodeUid, clock } = this.cfg;
    const now = microTime(clock.now());
    const metadata: KObject['metadata'] = cur ? { ...cur.metadata } : { name: nodeName, namespace: NODE_LEASE_NAMESPACE };
    if (nodeUid && !metadata.ownerReferences?.length) {
      metadata.ownerReferences = [{ apiVersion: 'v1', kind: 'Node', name: nodeName, uid: nodeUid }];
    }
    delete metadata.managedFields;
    const holderChanged = cur?.spec?.holderIdentity !== nodeName;
    return {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata,
      spec: {
        ...(cur?.spec ?? {}),
        holderIdentity: nodeName,
        leaseDurationSeconds: LEASE_DURATION_SECONDS,
        renewTime: now,
        ...(holderChanged ? { acquireTime: now } : {}),
      },
    };
  }
}
