/**
 * The Pod table: READY, STATUS (upstream's reason logic), RESTARTS with the
 * time of the last restart, AGE, and the wide columns. This is the hottest
 * printer (10k-pod lists), so it walks each status array once.
 */
import type { KObject, TableColumnDefinition } from '../types.ts';
import { AGE_COL, NAME_COL, col, wide } from './columns.ts';
import { humanDuration, since } from './duration.ts';
import type { TablePrinter } from './table.ts';

const columns: TableColumnDefinition[] = [
  NAME_COL,
  col('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
  col('Status', 'string', 'The aggregate status of the containers in this pod.'),
  col('Restarts', 'string', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'),
  AGE_COL,
  wide('IP', 'string', 'podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.'),
  wide('Node', 'string', 'NodeName indicates in which node this pod is scheduled. If empty, this pod is a candidate for scheduling by the scheduler defined in schedulerName. Once this field is set, the kubelet for this node becomes responsible for the lifecycle of this pod. This field should not be used to express a desire for the pod to be scheduled on a specific node. https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#nodename'),
  wide('Nominated Node', 'string', 'nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods. This field does not guarantee that the pod will be scheduled on this node. Scheduler may decide to place the pod elsewhere if other nodes become available sooner. Scheduler may also decide to give the resources on this node to a higher priority pod that is created after preemption. As a result, this field may be different than PodSpec.nodeName when the pod is scheduled.'),
  wide('Readiness Gates', 'string', 'If specified, all readiness gates will be evaluated for pod readiness. A pod is ready when all its containers are ready AND all conditions specified in the readiness gates have status equal to "True" More info: https://git.k8s.io/enhancements/keps/sig-network/580-pod-readiness-gates'),
];

/** The kubelet/node controller reason for pods on an unreachable node. */
const NODE_LOST = 'NodeLost';

/** Parses a finishedAt time; 0 stands for Go's zero time. */
function finishedAt(cs: any): number {
  const t = cs?.lastState?.terminated?.finishedAt;
  if (typeof t !== 'string') return 0;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? 0 : ms;
}

function conditionTrue(conditions: any[] | undefined, type: string): boolean {
  if (!Array.isArray(conditions)) return false;
  for (const c of conditions) if (c?.type === type && c.status === 'True') return true;
  return false;
}

/** Cells of one pod; see upstream printPod for the rules mirrored here. */
export function podCells(pod: KObject, now: number): unknown[] {
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  const containers: any[] = Array.isArray(spec.containers) ? spec.containers : [];
  const initSpecs: any[] = Array.isArray(spec.initContainers) ? spec.initContainers : [];
  let restarts = 0;
  let sidecarRestarts = 0;
  let total = containers.length;
  let ready = 0;
  let lastRestart = 0;
  let lastSidecarRestart = 0;
  const phase: string = status.phase ?? '';
  let reason: string = status.reason || phase;
  const conditions: any[] | undefined = Array.isArray(status.conditions) ? status.conditions : undefined;
  if (conditions) {
    for (const c of conditions) if (c?.type === 'PodScheduled' && c.reason === 'SchedulingGated') reason = 'SchedulingGated';
  }

  // Restartable init containers (sidecars) count as regular containers.
  let sidecars: Set<string> | undefined;
  for (const c of initSpecs) {
    if (c?.restartPolicy === 'Always') {
      (sidecars ??= new Set()).add(c.name);
      total++;
    }
  }

  let initializing = false;
  const initStatuses: any[] = Array.isArray(status.initContainerStatuses) ? status.initContainerStatuses : [];
  for (let i = 0; i < initStatuses.length; i++) {
    const cs = initStatuses[i] ?? {};
    const rc = cs.restartCount ?? 0;
    restarts += rc;
    const fin = finishedAt(cs);
    if (fin > lastRestart) lastRestart = fin;
    const isSidecar = sidecars !== undefined && sidecars.has(cs.name);
    if (isSidecar) {
      sidecarRestarts += rc;
      if (fin > lastSidecarRestart) lastSidecarRestart = fin;
    }
    const term = cs.state?.terminated;
    const wait = cs.state?.waiting;
    if (term && (term.exitCode ?? 0) === 0) continue;
    if (isSidecar && cs.started === true) {
      if (cs.ready) ready++;
      continue;
    }
    if (term) {
      if (!term.reason) reason = term.signal ? `Init:Signal:${term.signal}` : `Init:ExitCode:${term.exitCode ?? 0}`;
      else reason = `Init:${term.reason}`;
    } else if (wait && wait.reason && wait.reason !== 'PodInitializing') {
      reason = `Init:${wait.reason}`;
    } else {
      reason = `Init:${i}/${initSpecs.length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || conditionTrue(conditions, 'Initialized')) {
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    const statuses: any[] = Array.isArray(status.containerStatuses) ? status.containerStatuses : [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i] ?? {};
      restarts += cs.restartCount ?? 0;
      const fin = finishedAt(cs);
      if (fin > lastRestart) lastRestart = fin;
      const term = cs.state?.terminated;
      const wait = cs.state?.waiting;
      if (wait && wait.reason) reason = wait.reason;
      else if (term && term.reason) reason = term.reason;
      else if (term) reason = term.signal ? `Signal:${term.signal}` : `ExitCode:${term.exitCode ?? 0}`;
      else if (cs.ready && cs.state?.running) {
        hasRunning = true;
        ready++;
      }
    }
    // A pod whose last container completed but another still runs is not Completed.
    if (reason === 'Completed' && hasRunning) reason = conditionTrue(conditions, 'Ready') ? 'Running' : 'NotReady';
  }

  const deleting = !!pod.metadata.deletionTimestamp;
  if (deleting && status.reason === NODE_LOST) reason = 'Unknown';
  else if (deleting && phase !== 'Succeeded' && phase !== 'Failed') reason = 'Terminating';

  const restartsCell = restarts !== 0 && lastRestart !== 0
    ? `${restarts} (${humanDuration(now - lastRestart)} ago)`
    : String(restarts);

  const podIP: string = status.podIPs?.[0]?.ip || status.podIP || '<none>';
  const nodeName: string = spec.nodeName || '<none>';
  const nominated: string = status.nominatedNodeName || '<none>';
  let gates = '<none>';
  const rg: any[] = Array.isArray(spec.readinessGates) ? spec.readinessGates : [];
  if (rg.length > 0) {
    let trueCount = 0;
    for (const g of rg) {
      const c = conditions?.find((x) => x?.type === g?.conditionType);
      if (c && c.status === 'True') trueCount++;
    }
    gates = `${trueCount}/${rg.length}`;
  }
  return [
    pod.metadata.name ?? '', `${ready}/${total}`, reason, restartsCell, since(pod.metadata.creationTimestamp, now),
    podIP, nodeName, nominated, gates,
  ];
}

const SUCCEEDED = [{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }];
const FAILED = [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }];

/** Pods, as upstream's printPod (server side always prints the wide cells). */
export const podPrinter: TablePrinter = {
  columns,
  cells: podCells,
  conditions(pod) {
    const phase = pod.status?.phase;
    return phase === 'Succeeded' ? SUCCEEDED : phase === 'Failed' ? FAILED : undefined;
  },
};
