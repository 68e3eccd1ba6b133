import { test } from 'node:test';
import assert from 'node:assert/strict';
import { convert, HPA_ANNOTATIONS } from './index.ts';
import type { KObject } from '../types.ts';

const meta = { name: 'h', namespace: 'd', uid: 'u', resourceVersion: '5' };

test('hpa v1 -> v2 -> v1 round trip', () => {
  const v1: KObject = {
    apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { ...meta },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 5, targetCPUUtilizationPercentage: 70 },
    status: { currentReplicas: 2, desiredReplicas: 3, currentCPUUtilizationPercentage: 90 },
  };
  const v2 = convert(v1, 'autoscaling/v2');
  assert.equal(v2.apiVersion, 'autoscaling/v2');
  assert.deepEqual(v2.spec.metrics, [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }]);
  assert.deepEqual(v2.status.currentMetrics, [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 90 } } }]);
  assert.equal(v2.metadata.annotations, undefined);
  assert.deepEqual(convert(v2, 'autoscaling/v1'), v1);
});

test('hpa v2 -> v1 keeps other metrics, behavior and conditions in annotations, and back', () => {
  const mem = { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '100Mi' } } };
  const cpu = { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } };
  const behavior = { scaleDown: { stabilizationWindowSeconds: 60 } };
  const conditions = [{ type: 'AbleToScale', status: 'True' }];
  const v2: KObject = {
    apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { ...meta, annotations: { keep: 'me' } },
    spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, minReplicas: 2, maxReplicas: 4, metrics: [cpu, mem], behavior },
    status: { currentReplicas: 2, desiredReplicas: 2, conditions },
  };
  const v1 = convert(v2, 'autoscaling/v1');
  assert.equal(v1.spec.targetCPUUtilizationPercentage, 50);
  assert.equal(v1.spec.metrics, undefined);
  assert.deepEqual(JSON.parse(v1.metadata.annotations![HPA_ANNOTATIONS.metrics]), [mem]);
  assert.deepEqual(JSON.parse(v1.metadata.annotations![HPA_ANNOTATIONS.behavior]), behavior);
  assert.equal(v1.metadata.annotations!.keep, 'me');
  const back = convert(v1, 'autoscaling/v2');
  assert.deepEqual(back, v2);
});

test('event core <-> events.k8s.io round trip', () => {
  const core: KObject = {
    apiVersion: 'v1', kind: 'Event', metadata: { name: 'e', namespace: 'd' },
    involvedObject: { kind: 'Pod', name: 'p', namespace: 'd' }, reason: 'Started', message: 'Started container',
    source: { component: 'kubelet', host: 'n1' }, firstTimestamp: '2024-01-01T00:00:00Z', lastTimestamp: '2024-01-01T00:00:05Z',
    count: 2, type: 'Normal', eventTime: null, reportingComponent: 'kubelet', reportingInstance: 'n1',
  };
  const ev = convert(core, 'events.k8s.io/v1');
  assert.deepEqual(ev, {
    apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata: { name: 'e', namespace: 'd' }, eventTime: null,
    reason: 'Started', type: 'Normal', reportingInstance: 'n1', note: 'Started container',
    regarding: { kind: 'Pod', name: 'p', namespace: 'd' }, deprecatedSource: { component: 'kubelet', host: 'n1' },
    reportingController: 'kubelet', deprecatedFirstTimestamp: '2024-01-01T00:00:00Z',
    deprecatedLastTimestamp: '2024-01-01T00:00:05Z', deprecatedCount: 2,
  });
  assert.deepEqual(convert(ev, 'v1'), core);
});

test('events.k8s.io -> core fills upstream zero values', () => {
  const ev: KObject = {
    apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata: { name: 'e', namespace: 'd' },
    eventTime: '2024-01-01T00:00:00.000000Z', reportingController: 'c', reportingInstance: 'i', action: 'Do', reason: 'R',
    series: { count: 3, lastObservedTime: '2024-01-01T00:01:00.000000Z' }, related: { kind: 'Node', name: 'n' },
  };
  const core = convert(ev, 'v1');
  assert.deepEqual(core.involvedObject, {});
  assert.deepEqual(core.source, {});
  assert.equal(core.firstTimestamp, null);
  assert.equal(core.reportingComponent, 'c');
  assert.deepEqual(core.series, ev.series);
  assert.deepEqual(core.related, ev.related);
  assert.deepEqual(convert(core, 'events.k8s.io/v1'), ev);
});

test('identity and unknown pairs', () => {
  const pod: KObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } };
  assert.equal(convert(pod, 'v1'), pod);
  assert.throws(() => convert(pod, 'apps/v1'), (e: Error & { code?: string }) => e.code === 'BadRequest');
});
