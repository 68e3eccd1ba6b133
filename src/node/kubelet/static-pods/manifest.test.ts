import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ANNOTATION_CONFIG_HASH, ANNOTATION_CONFIG_MIRROR, isMirrorOf, mirrorPodOf, staticPodsOf } from './manifest.ts';

const yaml = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: etcd\nspec:\n  containers:\n  - name: c\n    image: busybox\n';

test('a manifest becomes a static pod named after the node, with a stable hash uid', () => {
  const [p] = staticPodsOf(yaml, 'etcd.yaml', 'n1', new Date(0));
  assert.equal(p!.metadata.name, 'etcd-n1');
  assert.equal(p!.metadata.namespace, 'default');
  assert.equal(p!.spec?.nodeName, 'n1');
  assert.equal(p!.metadata.uid, p!.metadata.annotations?.[ANNOTATION_CONFIG_HASH]);
  assert.equal(staticPodsOf(yaml, 'etcd.yaml', 'n1', new Date(5))[0]!.metadata.uid, p!.metadata.uid, 'same file, same uid');
  assert.notEqual(staticPodsOf(yaml.replace('busybox', 'other'), 'etcd.yaml', 'n1', new Date(0))[0]!.metadata.uid, p!.metadata.uid);
  assert.throws(() => staticPodsOf('kind: Service\napiVersion: v1\nmetadata: {name: x}\n', 'x.yaml', 'n1', new Date()));
});

test('the mirror pod carries config.mirror and the Node as owner', () => {
  const [p] = staticPodsOf(yaml, 'etcd.yaml', 'n1', new Date(0));
  const m = mirrorPodOf(p!, { name: 'n1', uid: 'node-uid' });
  assert.equal(m.metadata.uid, undefined);
  assert.equal(m.metadata.annotations?.[ANNOTATION_CONFIG_MIRROR], p!.metadata.uid);
  assert.deepEqual(m.metadata.ownerReferences, [{ apiVersion: 'v1', kind: 'Node', name: 'n1', uid: 'node-uid', controller: true }]);
  assert.equal(isMirrorOf({ ...m, metadata: { ...m.metadata, uid: 'api' } }, p!), true);
  assert.equal(isMirrorOf({ ...m, metadata: { ...m.metadata, deletionTimestamp: 'x' } }, p!), false);
});
