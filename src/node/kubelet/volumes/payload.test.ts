import { test } from 'node:test';
import assert from 'node:assert/strict';
import { K8sError } from '../../../base/errors.ts';
import type { KObject } from '../../../api/types.ts';
import type { KubeClient } from '../../../client/types.ts';
import { formatMap, volumePayload, VolumeError, type PayloadContext } from './payload.ts';

const objects: Record<string, KObject> = {
  'configmaps/cfg': { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { 'app.conf': 'x=1', other: 'y' } } as KObject,
  'secrets/sec': { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'sec' }, data: { password: Buffer.from('hunter2').toString('base64') } } as KObject,
};
const client = { get: async (ref: { plural: string; name: string }) => {
  const o = objects[`${ref.plural}/${ref.name}`];
  if (!o) throw new K8sError('NotFound', 'not found');
  return o;
} } as unknown as KubeClient;
const ctx: PayloadContext = { client, hostIP: '10.0.0.1', podIPs: ['10.42.0.5'], allocatable: {}, token: async () => 'TOKEN' };
const pod = { metadata: { name: 'p', namespace: 'ns', uid: 'u1', labels: { b: '2', a: '1' } }, spec: { containers: [{ name: 'c' }] } } as unknown as KObject;
const text = (fs: Array<{ path: string; data: Buffer }> | undefined) => Object.fromEntries((fs ?? []).map((f) => [f.path, f.data.toString()]));

test('configMap: every key, or the listed items; a missing one fails unless optional', async () => {
  assert.deepEqual(text(await volumePayload(ctx, pod, { configMap: { name: 'cfg' } })), { 'app.conf': 'x=1', other: 'y' });
  assert.deepEqual(text(await volumePayload(ctx, pod, { configMap: { name: 'cfg', items: [{ key: 'other', path: 'dir/o' }] } })), { 'dir/o': 'y' });
  await assert.rejects(volumePayload(ctx, pod, { configMap: { name: 'nope' } }), VolumeError);
  assert.deepEqual(await volumePayload(ctx, pod, { configMap: { name: 'nope', optional: true } }), []);
});

test('secret values are decoded; downwardAPI writes fields and sorted labels', async () => {
  assert.deepEqual(text(await volumePayload(ctx, pod, { secret: { secretName: 'sec' } })), { password: 'hunter2' });
  const d = await volumePayload(ctx, pod, { downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }, { path: 'name', fieldRef: { fieldPath: 'metadata.name' } }, { path: 'ip', fieldRef: { fieldPath: 'status.podIP' } }] } });
  assert.deepEqual(text(d), { labels: 'a="1"\nb="2"', name: 'p', ip: '10.42.0.5' });
  assert.equal(formatMap({}), '');
});

test('projected merges sources, with the service account token', async () => {
  const p = await volumePayload(ctx, pod, { projected: { sources: [
    { serviceAccountToken: { path: 'token', expirationSeconds: 3607 } },
    { configMap: { name: 'cfg', items: [{ key: 'app.conf', path: 'ca.crt' }] } },
    { downwardAPI: { items: [{ path: 'namespace', fieldRef: { fieldPath: 'metadata.namespace' } }] } },
  ] } });
  assert.deepEqual(text(p), { token: 'TOKEN', 'ca.crt': 'x=1', namespace: 'ns' });
});
