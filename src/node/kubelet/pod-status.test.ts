import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KObject } from '../../api/types.ts';
import type { ContainerStatus } from '../runtime/types.ts';
import { computePodStatus } from './pod-status.ts';

const NOW = Date.UTC(2026, 0, 1);
const DIGEST = `sha256:${'a'.repeat(64)}`;

function instance(name: string, image: string, imageRef: string): ContainerStatus {
  return {
    id: `c-${name}`, podSandboxId: 's1', metadata: { name, attempt: 0 }, state: 'CONTAINER_RUNNING', createdAt: NOW, startedAt: NOW, finishedAt: 0,
    exitCode: 0, image: { image }, imageRef, reason: '', message: '', labels: {}, annotations: {},
  };
}

function statuses(containers: ContainerStatus[]) {
  const pod = { metadata: { name: 'p', namespace: 'default', uid: 'u1' }, spec: { containers: [
    { name: 'short', image: 'busybox' }, { name: 'local', image: 'k8ts.local/busybox:1.35' }, { name: 'waiting', image: 'nginx' },
  ] } } as KObject;
  const st = computePodStatus({ pod, containers, backoff: new Map(), ready: () => true, hostIP: '10.0.0.1', containerIdPrefix: 'containerd://', now: NOW });
  return Object.fromEntries((st.containerStatuses as Array<{ name: string; image: string; imageID: string }>).map((s) => [s.name, [s.image, s.imageID]]));
}

test('containerStatuses image and imageID are what the runtime resolved, as upstream (containerd: first repo tag, repo digest)', () => {
  const got = statuses([
    instance('short', 'docker.io/library/busybox:latest', `docker.io/library/busybox@${DIGEST}`),
    instance('local', 'k8ts.local/busybox:1.35', DIGEST),
  ]);
  assert.deepEqual(got.short, ['docker.io/library/busybox:latest', `docker.io/library/busybox@${DIGEST}`]);
  assert.deepEqual(got.local, ['k8ts.local/busybox:1.35', DIGEST]);
  assert.deepEqual(got.waiting, ['nginx', ''], 'no instance yet: the spec image, no imageID');
});

test('a runtime that names no image leaves the spec image', () => {
  assert.deepEqual(statuses([instance('short', '', DIGEST)]).short, ['busybox', DIGEST]);
});
