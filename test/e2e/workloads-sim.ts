/**
 * A stand-in for kubelets in the workload e2e tests (no nodes run in the
 * control-plane-only process): it watches pods and marks each new one
 * Running and Ready through pods/status, as a kubelet would once its
 * containers started.
 */
import type { KObject } from '../../src/api/types.ts';
import { RestClient } from '../../src/client/rest-client.ts';
import { Informer } from '../../src/client/informer.ts';
import type { AdminConnection } from './helpers/admin-conf.ts';

const PODS = { group: '', version: 'v1', plural: 'pods' };

/** A running readiness simulator. */
export interface PodSim { client: RestClient; stop(): Promise<void> }

/** Mark every pod Running/Ready shortly after it appears. */
export async function startPodSim(conn: AdminConnection): Promise<PodSim> {
  const client = new RestClient({ server: conn.server, ca: conn.ca, cert: conn.cert, key: conn.key });
  const inf = new Informer({ client, resource: PODS });
  const mark = (p: KObject): void => {
    if (p.metadata.deletionTimestamp || p.status?.phase === 'Running') return;
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const status = {
      ...p.status, phase: 'Running', startTime: now,
      conditions: [
        { type: 'Initialized', status: 'True', lastTransitionTime: now },
        { type: 'Ready', status: 'True', lastTransitionTime: now },
        { type: 'ContainersReady', status: 'True', lastTransitionTime: now },
        { type: 'PodScheduled', status: 'True', lastTransitionTime: now },
      ],
    };
    void client.update({ ...PODS, namespace: p.metadata.namespace, name: p.metadata.name, subresource: 'status' },
      { ...p, status }).catch(() => { /* the pod went away or changed: a later event retries */ });
  };
  inf.addEventHandler({ add: mark, update: (_o, p) => mark(p) });
  inf.start();
  await inf.waitForSync(30_000);
  return { client, stop: async () => { await inf.stop(); client.close(); } };
}
