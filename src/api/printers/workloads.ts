/**
 * Tables of workload kinds: Deployment, ReplicaSet, StatefulSet, DaemonSet,
 * ReplicationController, Job, CronJob, ControllerRevision.
 */
import type { KObject, Printer } from '../types.ts';
import { formatLabels, formatLabelSelector, labelSelectorToString } from '../selectors/labels.ts';
import { AGE_COL, CONTAINERS_DOC, IMAGES_DOC, NAME_COL, col, containerCells, int, str, wide } from './columns.ts';
import { humanDuration, since } from './duration.ts';

const CONTAINERS = wide('Containers', 'string', CONTAINERS_DOC);
const IMAGES = wide('Images', 'string', IMAGES_DOC);
const SELECTOR_DOC = 'A label query over pods that should match the replica count. It must match the pod template\'s labels.';
const READY_DOC = 'Number of the pod with ready state';

const templateContainers = (o: KObject) => containerCells(o.spec?.template?.spec?.containers);

/** Deployments: READY "ready/desired", UP-TO-DATE, AVAILABLE. */
export const deploymentPrinter: Printer = {
  columns: [
    NAME_COL,
    col('Ready', 'string', READY_DOC),
    col('Up-to-date', 'string', 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.'),
    col('Available', 'string', 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.'),
    AGE_COL, CONTAINERS, IMAGES,
    wide('Selector', 'string', 'Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.'),
  ],
  cells(o, now) {
    let selector: string;
    try {
      selector = labelSelectorToString(o.spec?.selector);
    } catch {
      selector = '<invalid>';
    }
    const [names, images] = templateContainers(o);
    return [
      o.metadata.name ?? '', `${int(o.status?.readyReplicas)}/${int(o.spec?.replicas)}`, int(o.status?.updatedReplicas),
      int(o.status?.availableReplicas), since(o.metadata.creationTimestamp, now), names, images, selector,
    ];
  },
};

const replicaColumns = (selectorDoc: string) => [
  NAME_COL,
  col('Desired', 'integer', 'Replicas is the number of desired replicas.'),
  col('Current', 'integer', 'Replicas is the most recently observed number of replicas.'),
  col('Ready', 'integer', 'The number of ready replicas for this replica set.'),
  AGE_COL, CONTAINERS, IMAGES,
  wide('Selector', 'string', selectorDoc),
];

/** ReplicaSets: DESIRED CURRENT READY. */
export const replicaSetPrinter: Printer = {
  columns: replicaColumns(SELECTOR_DOC),
  cells(o, now) {
    const [names, images] = templateContainers(o);
    return [
      o.metadata.name ?? '', int(o.spec?.replicas), int(o.status?.replicas), int(o.status?.readyReplicas),
      since(o.metadata.creationTimestamp, now), names, images, formatLabelSelector(o.spec?.selector),
    ];
  },
};

/** ReplicationControllers: like ReplicaSets, with a map selector. */
export const replicationControllerPrinter: Printer = {
  columns: replicaColumns('Selector is a label query over pods that should match the Replicas count.'),
  cells(o, now) {
    const [names, images] = templateContainers(o);
    return [
      o.metadata.name ?? '', int(o.spec?.replicas), int(o.status?.replicas), int(o.status?.readyReplicas),
      since(o.metadata.creationTimestamp, now), names, images, formatLabels(o.spec?.selector),
    ];
  },
};

/** StatefulSets: READY "ready/desired". */
export const statefulSetPrinter: Printer = {
  columns: [NAME_COL, col('Ready', 'string', READY_DOC), AGE_COL, CONTAINERS, IMAGES],
  cells(o, now) {
    const [names, images] = templateContainers(o);
    return [
      o.metadata.name ?? '', `${int(o.status?.readyReplicas)}/${int(o.spec?.replicas)}`,
      since(o.metadata.creationTimestamp, now), names, images,
    ];
  },
};

/** DaemonSets: scheduling counts and the template's node selector. */
export const daemonSetPrinter: Printer = {
  columns: [
    NAME_COL,
    col('Desired', 'integer', 'The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod).'),
    col('Current', 'integer', 'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.'),
    col('Ready', 'integer', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running with a Ready Condition.'),
    col('Up-to-date', 'integer', 'The total number of nodes that are running updated daemon pod'),
    col('Available', 'integer', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)'),
    col('Node Selector', 'string', 'NodeSelector is a selector which must be true for the pod to fit on a node.'),
    AGE_COL, CONTAINERS, IMAGES,
    wide('Selector', 'string', 'A label query over pods that are managed by the daemon set.'),
  ],
  cells(o, now) {
    const s = o.status ?? {};
    const [names, images] = templateContainers(o);
    return [
      o.metadata.name ?? '', int(s.desiredNumberScheduled), int(s.currentNumberScheduled), int(s.numberReady),
      int(s.updatedNumberScheduled), int(s.numberAvailable), formatLabels(o.spec?.template?.spec?.nodeSelector),
      since(o.metadata.creationTimestamp, now), names, images, formatLabelSelector(o.spec?.selector),
    ];
  },
};

/** True when the job has a condition of `type` whose status is True (first match decides). */
function jobCondition(o: KObject, type: string): boolean {
  const conds = o.status?.conditions;
  if (!Array.isArray(conds)) return false;
  const c = conds.find((x: any) => x?.type === type);
  return !!c && c.status === 'True';
}

function jobStatus(o: KObject): string {
  if (jobCondition(o, 'Complete')) return 'Complete';
  if (jobCondition(o, 'Failed')) return 'Failed';
  if (o.metadata.deletionTimestamp) return 'Terminating';
  if (jobCondition(o, 'Suspended')) return 'Suspended';
  if (jobCondition(o, 'FailureTarget')) return 'FailureTarget';
  return 'Running';
}

/** Jobs: STATUS COMPLETIONS DURATION. */
export const jobPrinter: Printer = {
  columns: [
    NAME_COL,
    col('Status', 'string', 'Status of the job.'),
    col('Completions', 'string', 'The number of pods which reached phase Succeeded.'),
    col('Duration', 'string', 'Time required to complete the job.'),
    AGE_COL, CONTAINERS, IMAGES,
    wide('Selector', 'string', 'A label query over pods that should match the pod count.'),
  ],
  cells(o, now) {
    const spec = o.spec ?? {};
    const succeeded = int(o.status?.succeeded);
    let completions: string;
    if (typeof spec.completions === 'number') completions = `${succeeded}/${spec.completions}`;
    else if (int(spec.parallelism) > 1) completions = `${succeeded}/1 of ${spec.parallelism}`;
    else completions = `${succeeded}/1`;
    let duration = '';
    const start = o.status?.startTime ? Date.parse(o.status.startTime) : NaN;
    if (!Number.isNaN(start)) {
      const end = o.status?.completionTime ? Date.parse(o.status.completionTime) : now;
      duration = humanDuration((Number.isNaN(end) ? now : end) - start);
    }
    const [names, images] = templateContainers(o);
    return [
      o.metadata.name ?? '', jobStatus(o), completions, duration, since(o.metadata.creationTimestamp, now),
      names, images, formatLabelSelector(spec.selector),
    ];
  },
};

/** CronJobs: SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE. */
export const cronJobPrinter: Printer = {
  columns: [
    NAME_COL,
    col('Schedule', 'string', 'The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.'),
    col('Timezone', 'string', 'The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones.'),
    col('Suspend', 'boolean', 'This flag tells the controller to suspend subsequent executions, it does not apply to already started executions.  Defaults to false.'),
    col('Active', 'integer', 'A list of pointers to currently running jobs.'),
    col('Last Schedule', 'string', 'Information when was the last time the job was successfully scheduled.'),
    AGE_COL, CONTAINERS, IMAGES,
    wide('Selector', 'string', 'A label query over pods that should match the pod count.'),
  ],
  cells(o, now) {
    const spec = o.spec ?? {};
    const jobSpec = spec.jobTemplate?.spec ?? {};
    const [names, images] = containerCells(jobSpec.template?.spec?.containers);
    const suspend = typeof spec.suspend === 'boolean' ? (spec.suspend ? 'True' : 'False') : '<unset>';
    const last = o.status?.lastScheduleTime ? since(o.status.lastScheduleTime, now) : '<none>';
    return [
      o.metadata.name ?? '', str(spec.schedule), spec.timeZone ?? '<none>', suspend,
      Array.isArray(o.status?.active) ? o.status.active.length : 0, last, since(o.metadata.creationTimestamp, now),
      names, images, formatLabelSelector(jobSpec.selector),
    ];
  },
};

/** ControllerRevisions: CONTROLLER as "kind.group/name", REVISION. */
export const controllerRevisionPrinter: Printer = {
  columns: [
    NAME_COL,
    col('Controller', 'string', 'Controller of the object'),
    col('Revision', 'string', 'Revision indicates the revision of the state represented by Data.'),
    AGE_COL,
  ],
  cells(o, now) {
    const ref = (o.metadata.ownerReferences ?? []).find((r) => r.controller === true);
    let controller = '<none>';
    if (ref) {
      const slash = ref.apiVersion.indexOf('/');
      const group = slash >= 0 ? ref.apiVersion.slice(0, slash) : '';
      const gk = group ? `${ref.kind}.${group}` : ref.kind;
      controller = gk ? `${gk.toLowerCase()}/${ref.name}` : ref.name;
    }
    return [o.metadata.name ?? '', controller, int(o.revision), since(o.metadata.creationTimestamp, now)];
  },
};
