import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  controllerRevisionPrinter, cronJobPrinter, daemonSetPrinter, deploymentPrinter, jobPrinter, replicaSetPrinter,
  replicationControllerPrinter, statefulSetPrinter,
} from './workloads.ts';

const NOW = Date.parse('2026-01-01T12:00:00Z');
const metadata = { name: 'web', creationTimestamp: '2026-01-01T11:00:00Z' };
const template = { spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }, { name: 'side', image: 'busybox' }] } };

test('deployment', () => {
  const d = { metadata, spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template }, status: { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 } };
  assert.deepEqual(deploymentPrinter.columns.map((c) => c.name), ['Name', 'Ready', 'Up-to-date', 'Available', 'Age', 'Containers', 'Images', 'Selector']);
  assert.deepEqual(deploymentPrinter.cells(d, NOW), ['web', '2/3', 3, 2, '60m', 'nginx,side', 'nginx:1.25,busybox', 'app=web']);
  assert.deepEqual(deploymentPrinter.cells({ metadata, spec: { replicas: 1 } }, NOW), ['web', '0/1', 0, 0, '60m', '', '', '']);
});

test('replicaset, replicationcontroller, statefulset, daemonset', () => {
  const rs = { metadata, spec: { replicas: 2, selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['fe'] }] }, template }, status: { replicas: 2, readyReplicas: 1 } };
  assert.deepEqual(replicaSetPrinter.cells(rs, NOW), ['web', 2, 2, 1, '60m', 'nginx,side', 'nginx:1.25,busybox', 'app=web,tier in (fe)']);
  const rc = { metadata, spec: { replicas: 1, selector: { b: '2', a: '1' }, template }, status: { replicas: 1 } };
  assert.deepEqual(replicationControllerPrinter.cells(rc, NOW), ['web', 1, 1, 0, '60m', 'nginx,side', 'nginx:1.25,busybox', 'a=1,b=2']);
  const sts = { metadata, spec: { replicas: 3, template }, status: { readyReplicas: 3 } };
  assert.deepEqual(statefulSetPrinter.cells(sts, NOW), ['web', '3/3', '60m', 'nginx,side', 'nginx:1.25,busybox']);
  const ds = { metadata, spec: { selector: { matchLabels: { app: 'ds' } }, template: { spec: { ...template.spec, nodeSelector: { 'kubernetes.io/os': 'linux' } } } }, status: { desiredNumberScheduled: 2, currentNumberScheduled: 2, numberReady: 1, updatedNumberScheduled: 2, numberAvailable: 1 } };
  assert.deepEqual(daemonSetPrinter.cells(ds, NOW), ['web', 2, 2, 1, 2, 1, 'kubernetes.io/os=linux', '60m', 'nginx,side', 'nginx:1.25,busybox', 'app=ds']);
});

test('job status, completions and duration', () => {
  const job = (spec: any, status: any, meta: any = {}) => jobPrinter.cells({ metadata: { ...metadata, ...meta }, spec: { template, ...spec }, status }, NOW).slice(0, 5);
  assert.deepEqual(jobPrinter.columns.map((c) => c.name), ['Name', 'Status', 'Completions', 'Duration', 'Age', 'Containers', 'Images', 'Selector']);
  assert.deepEqual(job({ completions: 1, parallelism: 1 }, { startTime: '2026-01-01T11:00:00Z', completionTime: '2026-01-01T11:00:12Z', succeeded: 1, conditions: [{ type: 'Complete', status: 'True' }] }),
    ['web', 'Complete', '1/1', '12s', '60m']);
  assert.deepEqual(job({ completions: 3 }, { startTime: '2026-01-01T11:58:00Z', active: 1 }), ['web', 'Running', '0/3', '2m', '60m']);
  assert.deepEqual(job({ parallelism: 4 }, { succeeded: 1 }), ['web', 'Running', '1/1 of 4', '', '60m']);
  assert.deepEqual(job({}, {}), ['web', 'Running', '0/1', '', '60m']);
  assert.equal(job({ completions: 1 }, { conditions: [{ type: 'Failed', status: 'True' }] })[1], 'Failed');
  assert.equal(job({ completions: 1 }, { conditions: [{ type: 'Suspended', status: 'True' }] })[1], 'Suspended');
  assert.equal(job({ completions: 1 }, { conditions: [{ type: 'FailureTarget', status: 'True' }] })[1], 'FailureTarget');
  assert.equal(job({ completions: 1 }, {}, { deletionTimestamp: '2026-01-01T11:59:00Z' })[1], 'Terminating');
  const sel = jobPrinter.cells({ metadata, spec: { template, selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u' } } }, status: {} }, NOW);
  assert.equal(sel[7], 'batch.kubernetes.io/controller-uid=u');
});

test('cronjob', () => {
  const cj = { metadata, spec: { schedule: '*/5 * * * *', suspend: false, jobTemplate: { spec: { template } } }, status: { active: [{ name: 'x' }], lastScheduleTime: '2026-01-01T11:55:00Z' } };
  assert.deepEqual(cronJobPrinter.cells(cj, NOW), ['web', '*/5 * * * *', '<none>', 'False', 1, '5m', '60m', 'nginx,side', 'nginx:1.25,busybox', '<none>']);
  const unset = cronJobPrinter.cells({ metadata, spec: { schedule: '@daily', timeZone: 'Etc/UTC' } }, NOW);
  assert.deepEqual(unset.slice(0, 6), ['web', '@daily', 'Etc/UTC', '<unset>', 0, '<none>']);
});

test('controllerrevision', () => {
  const cr = { metadata: { ...metadata, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'ds', uid: 'u', controller: true }] }, revision: 4 };
  assert.deepEqual(controllerRevisionPrinter.cells(cr, NOW), ['web', 'daemonset.apps/ds', 4, '60m']);
  assert.deepEqual(controllerRevisionPrinter.cells({ metadata, revision: 1 }, NOW), ['web', '<none>', 1, '60m']);
});
