/**
 * Issue 2 "Done when", read-only and create half: the real kubectl (1.32 and
 * Debian's 1.20) against a real k8ts control plane for version,
 * api-resources, api-versions, cluster-info, create (namespace, configmap,
 * secret generic, -f), apply -f (twice: "unchanged"), get in every output
 * form, and describe.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { parse as parseYaml } from 'yaml';
import { startCluster, type Cluster, type ExecResult } from './helpers/cluster.ts';
import { KUBECTLS, MULTI_DOC_OBJECTS, multiDocYaml, tableHeader, tableRows } from './helpers/yaml-fixtures.ts';

let cluster: Cluster;
before(async () => { cluster = await startCluster(); });
after(async () => { await cluster?.dispose(); });

/** [plural, short names, group/version, namespaced, kind] as upstream's `kubectl api-resources` prints them. */
const EXPECTED_RESOURCES: [string, string, string, boolean, string][] = [
  ['configmaps', 'cm', 'v1', true, 'ConfigMap'],
  ['endpoints', 'ep', 'v1', true, 'Endpoints'],
  ['events', 'ev', 'v1', true, 'Event'],
  ['limitranges', 'limits', 'v1', true, 'LimitRange'],
  ['namespaces', 'ns', 'v1', false, 'Namespace'],
  ['nodes', 'no', 'v1', false, 'Node'],
  ['persistentvolumeclaims', 'pvc', 'v1', true, 'PersistentVolumeClaim'],
  ['persistentvolumes', 'pv', 'v1', false, 'PersistentVolume'],
  ['pods', 'po', 'v1', true, 'Pod'],
  ['replicationcontrollers', 'rc', 'v1', true, 'ReplicationController'],
  ['resourcequotas', 'quota', 'v1', true, 'ResourceQuota'],
  ['secrets', '', 'v1', true, 'Secret'],
  ['serviceaccounts', 'sa', 'v1', true, 'ServiceAccount'],
  ['services', 'svc', 'v1', true, 'Service'],
  ['controllerrevisions', '', 'apps/v1', true, 'ControllerRevision'],
  ['daemonsets', 'ds', 'apps/v1', true, 'DaemonSet'],
  ['deployments', 'deploy', 'apps/v1', true, 'Deployment'],
  ['replicasets', 'rs', 'apps/v1', true, 'ReplicaSet'],
  ['statefulsets', 'sts', 'apps/v1', true, 'StatefulSet'],
  ['horizontalpodautoscalers', 'hpa', 'autoscaling/v2', true, 'HorizontalPodAutoscaler'],
  ['cronjobs', 'cj', 'batch/v1', true, 'CronJob'],
  ['jobs', '', 'batch/v1', true, 'Job'],
  ['certificatesigningrequests', 'csr', 'certificates.k8s.io/v1', false, 'CertificateSigningRequest'],
  ['leases', '', 'coordination.k8s.io/v1', true, 'Lease'],
  ['endpointslices', '', 'discovery.k8s.io/v1', true, 'EndpointSlice'],
  ['events', 'ev', 'events.k8s.io/v1', true, 'Event'],
  ['ingressclasses', '', 'networking.k8s.io/v1', false, 'IngressClass'],
  ['ingresses', 'ing', 'networking.k8s.io/v1', true, 'Ingress'],
  ['networkpolicies', 'netpol', 'networking.k8s.io/v1', true, 'NetworkPolicy'],
  ['poddisruptionbudgets', 'pdb', 'policy/v1', true, 'PodDisruptionBudget'],
  ['clusterrolebindings', '', 'rbac.authorization.k8s.io/v1', false, 'ClusterRoleBinding'],
  ['clusterroles', '', 'rbac.authorization.k8s.io/v1', false, 'ClusterRole'],
  ['rolebindings', '', 'rbac.authorization.k8s.io/v1', true, 'RoleBinding'],
  ['roles', '', 'rbac.authorization.k8s.io/v1', true, 'Role'],
  ['priorityclasses', 'pc', 'scheduling.k8s.io/v1', false, 'PriorityClass'],
  ['storageclasses', 'sc', 'storage.k8s.io/v1', false, 'StorageClass'],
];

const EXPECTED_API_VERSIONS = [
  'apiextensions.k8s.io/v1', 'apps/v1', 'autoscaling/v1', 'autoscaling/v2', 'batch/v1', 'certificates.k8s.io/v1', 'coordination.k8s.io/v1',
  'discovery.k8s.io/v1', 'events.k8s.io/v1', 'networking.k8s.io/v1', 'policy/v1', 'rbac.authorization.k8s.io/v1',
  'scheduling.k8s.io/v1', 'storage.k8s.io/v1', 'v1',
];

const ok = (r: ExecResult, what: string): string => {
  assert.equal(r.code, 0, `${what} exited ${r.code}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`);
  return r.stdout;
};

/** Split a table whose cells may be empty by the header's column start offsets. */
function fixedColumns(stdout: string): Record<string, string>[] {
  const lines = stdout.replace(/\s+$/, '').split('\n');
  const header = lines[0] ?? '';
  const starts: [string, number][] = [...header.matchAll(/\S+/g)].map((m) => [m[0], m.index ?? 0]);
  return lines.slice(1).map((line) => Object.fromEntries(starts.map(([name, at], i) => {
    const end = i + 1 < starts.length ? starts[i + 1]![1] : line.length;
    return [name, line.slice(at, end).trim()];
  })));
}

// eslint-disable-next-line no-control-regex
const stripAnsi = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '');

for (const [v, kubectlPath] of KUBECTLS) {
  const kubectl = (args: string[], input?: string) => cluster.kubectl(args, { kubectlPath, input });
  const tag = v.replace('.', '');

  test(`kubectl ${v}: version shows client and server versions`, async () => {
    const json = JSON.parse(ok(await kubectl(['version', '-o', 'json']), 'version -o json')) as Record<string, Record<string, string>>;
    assert.match(json.serverVersion?.gitVersion ?? '', /^v1\.\d+\.\d+/);
    assert.match(json.serverVersion?.platform ?? '', /^linux\//);
    const text = ok(await kubectl(v === '1.20' ? ['version', '--short'] : ['version']), 'version');
    assert.match(text, /Server Version: v1\.\d+\.\d+/);
  });

  test(`kubectl ${v}: api-resources lists every kind of issue 2 with short names and scope`, async () => {
    const rows = fixedColumns(ok(await kubectl(['api-resources']), 'api-resources'));
    for (const [name, short, apiVersion, namespaced, kind] of EXPECTED_RESOURCES) {
      const row = rows.find((r) => r.NAME === name && r.APIVERSION === apiVersion);
      assert.ok(row, `api-resources has no ${name} in ${apiVersion}:\n${rows.map((r) => `${r.NAME} ${r.APIVERSION}`).join('\n')}`);
      assert.deepEqual(row, { NAME: name, SHORTNAMES: short, APIVERSION: apiVersion, NAMESPACED: String(namespaced), KIND: kind });
    }
    const clusterScoped = ok(await kubectl(['api-resources', '--namespaced=false', '-o', 'name']), 'api-resources --namespaced=false');
    for (const [name, , apiVersion, namespaced] of EXPECTED_RESOURCES) {
      const group = apiVersion.includes('/') ? `.${apiVersion.split('/')[0]}` : '';
      assert.equal(clusterScoped.split('\n').includes(`${name}${group}`), !namespaced, `${name}${group} in --namespaced=false list`);
    }
    // Short names resolve through discovery.
    ok(await kubectl(['get', 'deploy,cj,netpol,pdb,sc,pc,csr,hpa', '-A']), 'get by short names');
  });

  test(`kubectl ${v}: api-versions lists every served group version`, async () => {
    const lines = ok(await kubectl(['api-versions']), 'api-versions').trim().split('\n');
    assert.deepEqual(lines, EXPECTED_API_VERSIONS);
  });

  test(`kubectl ${v}: cluster-info names the control plane URL`, async () => {
    const out = stripAnsi(ok(await kubectl(['cluster-info']), 'cluster-info'));
    assert.match(out, new RegExp(`Kubernetes control plane is running at https://127\\.0\\.0\\.1:${cluster.port}\\n`));
  });

  test(`kubectl ${v}: create namespace, configmap and secret generic --from-literal`, async () => {
    const ns = `create-${tag}`;
    assert.equal(ok(await kubectl(['create', 'namespace', ns]), 'create namespace').trim(), `namespace/${ns} created`);
    assert.equal(ok(await kubectl(['create', 'configmap', 'cfg', '-n', ns, '--from-literal=color=blue', '--from-literal=size=L']),
      'create configmap').trim(), 'configmap/cfg created');
    assert.equal(ok(await kubectl(['create', 'secret', 'generic', 'pw', '-n', ns, '--from-literal=password=s3cr3t']),
      'create secret generic').trim(), 'secret/pw created');
    const cm = JSON.parse(ok(await kubectl(['get', 'configmap', 'cfg', '-n', ns, '-o', 'json']), 'get cm')) as { data: Record<string, string> };
    assert.deepEqual(cm.data, { color: 'blue', size: 'L' });
    const secret = JSON.parse(ok(await kubectl(['get', 'secret', 'pw', '-n', ns, '-o', 'json']), 'get secret')) as { type: string; data: Record<string, string> };
    assert.equal(secret.type, 'Opaque');
    assert.equal(Buffer.from(secret.data.password ?? '', 'base64').toString(), 's3cr3t');
    const again = await kubectl(['create', 'namespace', ns]);
    assert.notEqual(again.code, 0);
    assert.match(again.stderr, new RegExp(`Error from server \\(AlreadyExists\\): namespaces "${ns}" already exists`));
  });

  test(`kubectl ${v}: create -f of a multi-document file creates every object once`, async () => {
    const ns = `createf-${tag}`;
    const file = multiDocYaml(ns);
    const out = ok(await kubectl(['create', '-f', '-'], file), 'create -f');
    assert.deepEqual(out.trim().split('\n'), MULTI_DOC_OBJECTS(ns).map((o) => `${o} created`));
    const names = ok(await kubectl(['get', 'configmap/settings', 'secret/creds', 'deployment/web', 'service/web', 'job/once', '-n', ns, '-o', 'name']), 'get created');
    assert.deepEqual(names.trim().split('\n'), MULTI_DOC_OBJECTS(ns).slice(1));
    const again = await kubectl(['create', '-f', '-'], file);
    assert.notEqual(again.code, 0);
    assert.match(again.stderr, /\(AlreadyExists\).*configmaps "settings" already exists/);
    assert.match(again.stderr, /\(AlreadyExists\).*deployments\.apps "web" already exists/);
  });

  test(`kubectl ${v}: apply -f of a multi-document file, twice, reports created then unchanged`, async () => {
    const ns = `apply-${tag}`;
    const file = multiDocYaml(ns);
    const first = ok(await kubectl(['apply', '-f', '-'], file), 'first apply');
    assert.deepEqual(first.trim().split('\n'), MULTI_DOC_OBJECTS(ns).map((o) => `${o} created`));
    const second = ok(await kubectl(['apply', '-f', '-'], file), 'second apply');
    assert.deepEqual(second.trim().split('\n'), MULTI_DOC_OBJECTS(ns).map((o) => `${o} unchanged`));
    // A real change is "configured", and only for the object that changed.
    const third = ok(await kubectl(['apply', '-f', '-'], file.replace('mode: fast', 'mode: slow')), 'third apply');
    assert.deepEqual(third.trim().split('\n'), MULTI_DOC_OBJECTS(ns).map((o) => `${o} ${o === 'configmap/settings' ? 'configured' : 'unchanged'}`));
    const mode = ok(await kubectl(['get', 'cm', 'settings', '-n', ns, '-o', 'jsonpath={.data.mode}']), 'get mode');
    assert.equal(mode, 'slow');
  });

  test(`kubectl ${v}: get in every output form`, async () => {
    const ns = `get-${tag}`;
    ok(await kubectl(['apply', '-f', '-'], multiDocYaml(ns)), 'apply');

    // Table
    const table = ok(await kubectl(['get', 'deployments', '-n', ns]), 'get deployments');
    assert.deepEqual(tableHeader(table), ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE']);
    // UP-TO-DATE is 0 or 2 depending on whether the deployment controller has acted yet (no pods turn ready: no nodes).
    assert.deepEqual(tableRows(table).map((r) => [r[0], r[1], r[2] === '2' ? '0' : r[2], r[3]]), [['web', '0/2', '0', '0']]);
    const cmTable = ok(await kubectl(['get', 'cm', 'settings', '-n', ns]), 'get cm');
    assert.deepEqual(tableHeader(cmTable), ['NAME', 'DATA', 'AGE']);
    assert.deepEqual(tableRows(cmTable).map((r) => r.slice(0, 2)), [['settings', '2']]);

    // -o wide
    const wide = ok(await kubectl(['get', 'deploy', 'web', '-n', ns, '-o', 'wide']), 'get -o wide');
    assert.deepEqual(tableHeader(wide), ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE', 'CONTAINERS', 'IMAGES', 'SELECTOR']);
    assert.deepEqual(tableRows(wide)[0]?.slice(5), ['nginx', 'nginx:1.25', 'app=web']);
    const svcWide = ok(await kubectl(['get', 'svc', 'web', '-n', ns, '-o', 'wide']), 'get svc -o wide');
    assert.deepEqual(tableHeader(svcWide), ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE', 'SELECTOR']);
    const svcRow = tableRows(svcWide)[0] ?? [];
    assert.equal(svcRow[1], 'ClusterIP');
    assert.match(svcRow[2] ?? '', /^\d+\.\d+\.\d+\.\d+$/);
    assert.equal(svcRow[4], '80/TCP');
    assert.equal(svcRow[6], 'app=web');

    // -o yaml (defaults applied by the server are visible)
    const dep = parseYaml(ok(await kubectl(['get', 'deploy', 'web', '-n', ns, '-o', 'yaml']), 'get -o yaml')) as {
      apiVersion: string; kind: string; metadata: { uid: string; resourceVersion: string; generation: number; creationTimestamp: string };
      spec: { replicas: number; strategy: { type: string }; template: { spec: { restartPolicy: string; containers: { imagePullPolicy: string }[] } } };
    };
    assert.equal(dep.apiVersion, 'apps/v1');
    assert.equal(dep.kind, 'Deployment');
    assert.match(dep.metadata.uid, /^[0-9a-f-]{36}$/);
    assert.match(dep.metadata.resourceVersion, /^\d+$/);
    assert.equal(dep.metadata.generation, 1);
    assert.match(dep.metadata.creationTimestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(dep.spec.replicas, 2);
    assert.equal(dep.spec.strategy.type, 'RollingUpdate');
    assert.equal(dep.spec.template.spec.restartPolicy, 'Always');
    assert.equal(dep.spec.template.spec.containers[0]?.imagePullPolicy, 'IfNotPresent');

    // -o json of a list
    const list = JSON.parse(ok(await kubectl(['get', 'cm,secret', '-n', ns, '-o', 'json']), 'get -o json')) as {
      kind: string; items: { kind: string; metadata: { name: string } }[];
    };
    assert.equal(list.kind, 'List');
    // kube-root-ca.crt is published into every namespace by the controller manager, as upstream; it may not be there yet.
    assert.deepEqual(list.items.map((i) => `${i.kind}/${i.metadata.name}`).filter((n) => n !== 'ConfigMap/kube-root-ca.crt').sort(), ['ConfigMap/settings', 'Secret/creds']);

    // -o jsonpath
    const jp = ok(await kubectl(['get', 'deploy,svc', '-n', ns, '-o', 'jsonpath={range .items[*]}{.kind}:{.metadata.name}:{.metadata.labels.app}{"\\n"}{end}']), 'jsonpath');
    assert.deepEqual(jp.trim().split('\n'), ['Deployment:web:web', 'Service:web:web']);
    const port = ok(await kubectl(['get', 'svc', 'web', '-n', ns, '-o', 'jsonpath={.spec.ports[0].port}/{.spec.ports[0].protocol}']), 'jsonpath svc');
    assert.equal(port, '80/TCP');

    // -o name
    const names = ok(await kubectl(['get', 'deploy,svc,job', '-n', ns, '-o', 'name']), '-o name');
    assert.deepEqual(names.trim().split('\n'), ['deployment.apps/web', 'service/web', 'job.batch/once']);

    // -l
    const byLabel = ok(await kubectl(['get', 'cm,secret,deploy,svc,job', '-n', ns, '-l', 'app=web', '-o', 'name']), '-l');
    assert.deepEqual(byLabel.trim().split('\n'), ['configmap/settings', 'secret/creds', 'deployment.apps/web', 'service/web']);
    const byTier = ok(await kubectl(['get', 'cm', '-n', ns, '-l', 'tier in (config,other),app!=db', '-o', 'name']), '-l set');
    assert.equal(byTier.trim(), 'configmap/settings');
    const none = await kubectl(['get', 'cm', '-n', ns, '-l', 'app=nothing']);
    assert.equal(none.code, 0);
    assert.match(none.stderr, new RegExp(`No resources found in ${ns} namespace\\.`));

    // --field-selector
    const byField = ok(await kubectl(['get', 'deploy,svc', '-n', ns, '--field-selector', 'metadata.name=web', '-o', 'name']), '--field-selector');
    assert.deepEqual(byField.trim().split('\n'), ['deployment.apps/web', 'service/web']);
    const byNs = ok(await kubectl(['get', 'secrets', '-A', '--field-selector', `metadata.namespace=${ns}`, '-o', 'name']), 'ns field selector');
    assert.equal(byNs.trim(), 'secret/creds');
    const badField = await kubectl(['get', 'cm', '-n', ns, '--field-selector', 'spec.nope=1']);
    assert.notEqual(badField.code, 0);
    assert.match(badField.stderr, /BadRequest|field label not supported/);

    // -A
    const all = ok(await kubectl(['get', 'deploy', '-A']), 'get -A');
    assert.deepEqual(tableHeader(all).slice(0, 2), ['NAMESPACE', 'NAME']);
    assert.ok(tableRows(all).some((r) => r[0] === ns && r[1] === 'web'), all);
    const allNs = ok(await kubectl(['get', 'svc', '--all-namespaces', '-o', 'name']), 'get --all-namespaces');
    assert.ok(allNs.split('\n').includes('service/kubernetes'), allNs);

    // --show-labels
    const labels = ok(await kubectl(['get', 'cm', 'settings', '-n', ns, '--show-labels']), '--show-labels');
    assert.deepEqual(tableHeader(labels), ['NAME', 'DATA', 'AGE', 'LABELS']);
    assert.equal(tableRows(labels)[0]?.[3], 'app=web,tier=config');

    // Not found
    const missing = await kubectl(['get', 'cm', 'nope', '-n', ns]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /Error from server \(NotFound\): configmaps "nope" not found/);
  });

  test(`kubectl ${v}: describe deployment, service, configmap, secret and namespace`, async () => {
    const ns = `describe-${tag}`;
    ok(await kubectl(['apply', '-f', '-'], multiDocYaml(ns)), 'apply');
    const dep = ok(await kubectl(['describe', 'deployment', 'web', '-n', ns]), 'describe deployment');
    assert.match(dep, /^Name:\s+web$/m);
    assert.match(dep, new RegExp(`^Namespace:\\s+${ns}$`, 'm'));
    assert.match(dep, /^Selector:\s+app=web$/m);
    assert.match(dep, /^Replicas:\s+2 desired \| [02] updated \| [02] total \| 0 available \| [02] unavailable$/m);
    assert.match(dep, /^StrategyType:\s+RollingUpdate$/m);
    assert.match(dep, /Image:\s+nginx:1\.25/);
    const svc = ok(await kubectl(['describe', 'svc', 'web', '-n', ns]), 'describe service');
    assert.match(svc, /^Type:\s+ClusterIP$/m);
    assert.match(svc, /^IP:\s+\d+\.\d+\.\d+\.\d+$/m);
    assert.match(svc, /^Port:\s+http\s+80\/TCP$/m);
    const cm = ok(await kubectl(['describe', 'cm', 'settings', '-n', ns]), 'describe configmap');
    assert.match(cm, /^mode:\n----\nfast$/m);
    const secret = ok(await kubectl(['describe', 'secret', 'creds', '-n', ns]), 'describe secret');
    assert.match(secret, /^password:\s+7 bytes$/m);
    assert.doesNotMatch(secret, /hunter2/);
    const nsOut = ok(await kubectl(['describe', 'namespace', ns]), 'describe namespace');
    assert.match(nsOut, /^Status:\s+Active$/m);
    assert.match(nsOut, new RegExp(`kubernetes\\.io/metadata\\.name=${ns}`));
    const job = ok(await kubectl(['describe', 'job', 'once', '-n', ns]), 'describe job');
    assert.match(job, /^Completions:\s+1$/m);
  });
}
