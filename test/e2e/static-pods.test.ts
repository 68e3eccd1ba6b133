/**
 * Issue 6 item 7: static pods from DIR/manifests run on real containerd and
 * show in the API as mirror pods (kubernetes.io/config.mirror, owned by the
 * Node); deleting the mirror brings it back without restarting the
 * container, removing the manifest stops the pod. In its own network
 * namespace (containerd-node.ts).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUSYBOX, eventually, startNetnsNode, unsupported, type NetnsNode } from './containerd-node.ts';

const skip = unsupported();
let node: NetnsNode;

before(async () => { if (!skip) node = await startNetnsNode(); });
after(async () => { await node?.dispose(); });

type Pod = { metadata: { name: string; uid: string; annotations?: Record<string, string>; ownerReferences?: Array<Record<string, unknown>> }; status: { phase?: string; containerStatuses?: Array<Record<string, any>> } };

async function getPod(name: string): Promise<Pod | undefined> {
  const r = await node.kubectl(['get', 'pod', name, '-n', 'kube-system', '-o', 'json']);
  return r.code === 0 ? JSON.parse(r.stdout) as Pod : undefined;
}

test('a static pod manifest runs and shows as a mirror pod owned by the node', { skip, timeout: 110_000 }, async () => {
  const dir = join(node.dir, 'manifests');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'static-web.yaml');
  writeFileSync(file, [
    'apiVersion: v1', 'kind: Pod', 'metadata:', '  name: static-web', '  namespace: kube-system', '  labels: {app: static-web}', 'spec:',
    '  terminationGracePeriodSeconds: 1', '  containers:', '  - name: web', `    image: ${BUSYBOX}`, '    command: [httpd, -f, -p, "8080"]', '',
  ].join('\n'));
  const name = `static-web-${node.nodeName}`;
  const pod = await eventually('mirror pod Running', async () => {
    const p = await getPod(name);
    return p?.status.phase === 'Running' && p.status.containerStatuses?.[0]?.ready ? p : undefined;
  }, 60_000);
  assert.ok(pod.metadata.annotations?.['kubernetes.io/config.mirror'], 'config.mirror annotation');
  assert.equal(pod.metadata.annotations?.['kubernetes.io/config.source'], 'file');
  const owner = pod.metadata.ownerReferences?.[0];
  assert.equal(owner?.kind, 'Node');
  assert.equal(owner?.name, node.nodeName);
  assert.match((await node.kubectl(['get', 'pods', '-n', 'kube-system'])).stdout, new RegExp(`${name}\\s+1/1\\s+Running\\s+0`));
  const containerID = pod.status.containerStatuses![0]!.containerID as string;

  // Deleting the mirror pod does not stop the static pod: the kubelet recreates the mirror.
  assert.equal((await node.kubectl(['delete', 'pod', name, '-n', 'kube-system', '--wait=false'])).code, 0);
  const again = await eventually('mirror pod recreated', async () => {
    const p = await getPod(name);
    return p && p.metadata.uid !== pod.metadata.uid && p.status.containerStatuses?.[0]?.containerID ? p : undefined;
  }, 30_000);
  assert.equal(again.status.containerStatuses![0]!.containerID, containerID, 'the same container keeps running');

  // Removing the manifest stops the pod and removes the mirror.
  rmSync(file);
  await eventually('mirror pod gone', async () => ((await getPod(name)) ? undefined : true), 40_000);
  await eventually('container gone', async () => ((await node.ctr(['containers', 'ls', '-q'])).stdout.includes(containerID.replace('containerd://', '')) ? undefined : true), 30_000);
});
