import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KObject } from '../../../api/types.ts';
import { diskEmptyDirLimits, emptyDirLimitMessage, isActivePod, isCriticalPod } from './local-storage.ts';

const pod = (spec: Record<string, unknown>, annotations: Record<string, string> = {}, status: Record<string, unknown> = {}): KObject =>
  ({ metadata: { name: 'p', namespace: 'default', uid: 'u', annotations }, spec, status });

test('only disk-backed emptyDirs with a positive sizeLimit are enforced, with the limit printed canonically', () => {
  const p = pod({ volumes: [
    { name: 'a', emptyDir: { sizeLimit: '1Mi' } },
    { name: 'b', emptyDir: {} },
    { name: 'm', emptyDir: { medium: 'Memory', sizeLimit: '8Mi' } },
    { name: 'z', emptyDir: { sizeLimit: '0' } },
    { name: 'c', emptyDir: { sizeLimit: '1.5Gi' } },
    { name: 'd', emptyDir: { sizeLimit: 1000000 } },
    { name: 'cfg', configMap: { name: 'x' } },
  ] });
  assert.deepEqual(diskEmptyDirLimits(p), [
    { volume: 'a', limitBytes: 1048576, limit: '1Mi' },
    { volume: 'c', limitBytes: 1610612736, limit: '1536Mi' },
    { volume: 'd', limitBytes: 1000000, limit: '1M' },
  ]);
});

test('the message is upstream\'s emptyDirMessageFmt, trailing space included', () => {
  assert.equal(emptyDirLimitMessage('scratch', '1Mi'), 'Usage of EmptyDir volume "scratch" exceeds the limit "1Mi". ');
});

test('static, mirror and system-critical pods are critical; terminal and deleted pods are not active', () => {
  assert.equal(isCriticalPod(pod({})), false);
  assert.equal(isCriticalPod(pod({}, { 'kubernetes.io/config.source': 'api' })), false);
  assert.equal(isCriticalPod(pod({}, { 'kubernetes.io/config.source': 'file' })), true);
  assert.equal(isCriticalPod(pod({}, { 'kubernetes.io/config.mirror': 'abc' })), true);
  assert.equal(isCriticalPod(pod({ priority: 2000000000 })), true);
  assert.equal(isCriticalPod(pod({ priority: 1999999999 })), false);
  assert.equal(isActivePod(pod({}, {}, { phase: 'Running' })), true);
  assert.equal(isActivePod(pod({}, {}, { phase: 'Failed' })), false);
  assert.equal(isActivePod(pod({}, {}, { phase: 'Succeeded' })), false);
  assert.equal(isActivePod({ ...pod({}), metadata: { name: 'p', deletionTimestamp: '2026-01-01T00:00:00Z' } }), false);
});
