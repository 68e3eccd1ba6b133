/**
 * Issue 2 "Done when": `kubectl delete namespace X` removes the namespace and
 * every object in it (the namespace controller empties it, then clears the
 * `kubernetes` finalizer), and a terminating namespace refuses new objects.
 * Issue 5: the objects include a CRD's custom object (the CRD itself, being
 * cluster-scoped, stays).
 * Real kubectl 1.32 and Debian's 1.20 against a real k8ts control plane.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster, type Cluster, type ExecResult } from './helpers/cluster.ts';
import { KUBECTLS, configMapYaml, multiDocYaml } from './helpers/yaml-fixtures.ts';

let cluster: Cluster;
before(async () => { cluster = await startCluster(); });
after(async () => { await cluster?.dispose(); });

const ok = (r: ExecResult, what: string): string => {
  assert.equal(r.code, 0, `${what} exited ${r.code}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`);
  return r.stdout;
};

/** Extra kinds beyond the multi-document file: a pod, a service account, a role and binding, a lease. */
function moreKinds(ns: string): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: lonely
  namespace: ${ns}
spec:
  containers:
  - name: main
    image: busybox:1.36
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: robot
  namespace: ${ns}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: reader
  namespace: ${ns}
rules:
- apiGroups: [""]
  resources: ["configmaps"]
  verbs: ["get", "list"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: robot-reads
  namespace: ${ns}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: reader
subjects:
- kind: ServiceAccount
  name: robot
  namespace: ${ns}
---
apiVersion: coordination.k8s.io/v1
kind: Lease
metadata:
  name: lock
  namespace: ${ns}
spec:
  holderIdentity: someone
`;
}

/** A cluster-scoped definition of a namespaced custom resource. */
const WIDGET_CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.k8ts.example.com
spec:
  group: k8ts.example.com
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec: {type: object, properties: {size: {type: integer}}}
`;

/** One custom object in the namespace. */
const widget = (ns: string) => `apiVersion: k8ts.example.com/v1
kind: Widget
metadata:
  name: gadget
  namespace: ${ns}
spec:
  size: 3
`;

/** Collection paths of every kind the fixtures put in a namespace. */
const COLLECTIONS = (ns: string) => [
  `/api/v1/namespaces/${ns}/configmaps`, `/api/v1/namespaces/${ns}/secrets`, `/api/v1/namespaces/${ns}/services`,
  `/api/v1/namespaces/${ns}/pods`, `/api/v1/namespaces/${ns}/serviceaccounts`,
  `/apis/apps/v1/namespaces/${ns}/deployments`, `/apis/apps/v1/namespaces/${ns}/replicasets`, `/apis/batch/v1/namespaces/${ns}/jobs`,
  `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/roles`, `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings`,
  `/apis/coordination.k8s.io/v1/namespaces/${ns}/leases`, `/apis/k8ts.example.com/v1/namespaces/${ns}/widgets`,
];

/** Assert the namespace is gone and nothing is left stored under it. */
async function assertEmptyAndGone(ns: string): Promise<void> {
  const nsGet = await cluster.request(`/api/v1/namespaces/${ns}`);
  assert.equal(nsGet.status, 404, `namespace ${ns} still exists: ${nsGet.text}`);
  for (const path of COLLECTIONS(ns)) {
    const r = await cluster.request(path);
    assert.equal(r.status, 200, `${path}: ${r.text}`);
    const items = (r.json as { items?: { metadata: { name: string } }[] }).items ?? [];
    assert.deepEqual(items.map((i) => i.metadata.name), [], `${path} still has objects`);
  }
}

for (const [v, kubectlPath] of KUBECTLS) {
  const kubectl = (args: string[], input?: string, timeoutMs?: number) => cluster.kubectl(args, { kubectlPath, input, timeoutMs });
  const tag = v.replace('.', '');

  test(`kubectl ${v}: delete namespace removes it and every object inside`, async () => {
    const ns = `doomed-${tag}`;
    // The CRD first (kubectl must discover it before it can map a Widget); it is cluster-scoped and outlives the namespace.
    ok(await kubectl(['apply', '-f', '-'], WIDGET_CRD), 'apply crd');
    ok(await kubectl(['wait', '--for=condition=Established', 'crd/widgets.k8ts.example.com', '--timeout=20s'], undefined, 30_000), 'crd established');
    ok(await kubectl(['apply', '-f', '-'], `${multiDocYaml(ns)}---\n${moreKinds(ns)}---\n${widget(ns)}`), 'apply');
    // Wait for the controller manager's objects too, so the delete has to remove them as well: as upstream,
    // serviceaccount/default and configmap/kube-root-ca.crt in every namespace, the deployment's ReplicaSet
    // and its 2 pods, and the job's pod (no node runs them; they stay Pending).
    const expected = [
      'configmap/kube-root-ca.crt', 'configmap/settings', 'deployment.apps/web', 'job.batch/once', 'lease.coordination.k8s.io/lock',
      'pod/lonely', 'pod/once-*', 'pod/web-*', 'pod/web-*', 'replicaset.apps/web-*', 'role.rbac.authorization.k8s.io/reader',
      'rolebinding.rbac.authorization.k8s.io/robot-reads', 'secret/creds', 'service/web', 'serviceaccount/default', 'serviceaccount/robot',
      'widget.k8ts.example.com/gadget',
    ];
    let before: string[] = [];
    for (const deadline = Date.now() + 30_000; ;) {
      before = ok(await kubectl(['get', 'cm,secret,svc,pod,sa,deploy,rs,job,role,rolebinding,lease,widgets', '-n', ns, '-o', 'name']), 'get before')
        .trim().split('\n').map((l) => l.replace(/^(pod\/web|replicaset\.apps\/web)-[a-z0-9]+(-[a-z0-9]{5})?$/, '$1-*').replace(/^pod\/once-[a-z0-9]{5}$/, 'pod/once-*')).sort();
      if (before.length >= expected.length || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.deepEqual(before, expected);

    // kubectl waits for the namespace to disappear by default.
    const del = await kubectl(['delete', 'namespace', ns, '--timeout=20s'], undefined, 40_000);
    assert.equal(del.code, 0, `delete namespace did not finish:\n${del.stdout}\n${del.stderr}`);
    assert.equal(del.stdout.trim(), `namespace "${ns}" deleted`);
    const gone = await kubectl(['get', 'namespace', ns]);
    assert.match(gone.stderr, new RegExp(`Error from server \\(NotFound\\): namespaces "${ns}" not found`));
    await assertEmptyAndGone(ns);
    const crd = await cluster.request('/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.k8ts.example.com');
    assert.equal(crd.status, 200, `the CRD must outlive the namespace: ${crd.text}`);

    // The name can be used again, and the new namespace starts empty.
    ok(await kubectl(['apply', '-f', '-'], `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${ns}\n`), 're-create namespace');
    // (only the root CA publisher's kube-root-ca.crt, as in any new namespace, may be there)
    const after = await kubectl(['get', 'cm,deploy', '-n', ns, '-o', 'name']);
    assert.equal(after.code, 0, after.stderr);
    assert.deepEqual(after.stdout.trim().split('\n').filter((l) => l !== '' && l !== 'configmap/kube-root-ca.crt'), []);
  });

  test(`kubectl ${v}: a terminating namespace refuses new objects and finishes once finalizers clear`, async () => {
    const ns = `held-${tag}`;
    const held = configMapYaml(ns, 'held').replace('  namespace:', '  finalizers:\n  - example.com/hold\n  namespace:');
    ok(await kubectl(['apply', '-f', '-'], `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${ns}\n---\n${held}---\n${configMapYaml(ns, 'free')}`), 'apply');

    ok(await kubectl(['delete', 'namespace', ns, '--wait=false']), 'delete --wait=false');
    const phase = ok(await kubectl(['get', 'namespace', ns, '-o', 'jsonpath={.status.phase}']), 'get phase');
    assert.equal(phase, 'Terminating');
    const refused = await kubectl(['apply', '-f', '-'], configMapYaml(ns, 'late'));
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, new RegExp(`\\(Forbidden\\).*unable to create new content in namespace ${ns} because it is being terminated`));

    // The finalizer holds the configmap (marked for deletion) and so the namespace.
    const deadline = Date.now() + 20_000;
    for (;;) {
      const r = await cluster.request(`/api/v1/namespaces/${ns}/configmaps/held`);
      const meta = (r.json as { metadata?: { deletionTimestamp?: string } }).metadata;
      if (meta?.deletionTimestamp) break;
      assert.ok(Date.now() < deadline, `the namespace controller never deleted configmap "held": ${r.text}`);
      await new Promise((res) => setTimeout(res, 200));
    }
    const stillThere = await cluster.request(`/api/v1/namespaces/${ns}`);
    assert.equal(stillThere.status, 200, 'the namespace waits for the finalizer');

    ok(await kubectl(['patch', 'cm', 'held', '-n', ns, '--type', 'json', '-p', '[{"op":"remove","path":"/metadata/finalizers"}]']), 'clear finalizer');
    ok(await kubectl(['wait', '--for=delete', `namespace/${ns}`, '--timeout=20s'], undefined, 40_000), 'wait --for=delete');
    const gone = await cluster.request(`/api/v1/namespaces/${ns}`);
    assert.equal(gone.status, 404);
    const cms = await cluster.request(`/api/v1/namespaces/${ns}/configmaps`);
    assert.deepEqual((cms.json as { items: unknown[] }).items, []);
  });
}
