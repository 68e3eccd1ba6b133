/**
 * Issue 3: `kubectl explain` prints the documented fields of built-in kinds
 * (from our OpenAPI v3), `kubectl apply --prune -l` removes labelled objects
 * no longer in the file, and `kubectl diff` shows a change (exit 1) or none
 * (exit 0) without writing.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster, type Cluster } from './helpers/cluster.ts';

let c: Cluster;
before(async () => { c = await startCluster(); });
after(async () => { await c?.dispose(); });

async function ok(args: string[], input?: string): Promise<string> {
  const r = await c.kubectl(args, { input });
  assert.equal(r.code, 0, `kubectl ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

test('kubectl explain pod.spec.containers --recursive prints the container fields, nested', async () => {
  const out = await ok(['explain', 'pod.spec.containers', '--recursive']);
  assert.match(out, /^KIND:\s+Pod\nVERSION:\s+v1\n/);
  assert.match(out, /FIELD: containers <\[\]Container>/);
  assert.match(out, /List of containers belonging to the pod\./);
  for (const f of [
    /^  args\t<\[\]string>$/m, /^  image\t<string>$/m, /^  name\t<string> -required-$/m,
    /^  env\t<\[\]EnvVar>$/m, /^    name\t<string> -required-$/m, /^    valueFrom\t<EnvVarSource>$/m,
    /^      configMapKeyRef\t<ConfigMapKeySelector>$/m, /^  ports\t<\[\]ContainerPort>$/m,
    /^    containerPort\t<integer> -required-$/m, /^  resources\t<ResourceRequirements>$/m,
    /^  livenessProbe\t<Probe>$/m, /^  securityContext\t<SecurityContext>$/m, /^  volumeMounts\t<\[\]VolumeMount>$/m,
  ]) assert.match(out, f);
  // --recursive lists names and types only.
  assert.doesNotMatch(out, /Docker image name/);
});

test('kubectl explain deployment.spec prints each field with its type and description', async () => {
  const out = await ok(['explain', 'deployment.spec']);
  assert.match(out, /^GROUP:\s+apps\nKIND:\s+Deployment\nVERSION:\s+v1\n/);
  assert.match(out, /FIELD: spec <DeploymentSpec>/);
  assert.match(out, /DeploymentSpec is the specification of the desired behavior of the\s+Deployment\./);
  for (const [field, type, doc] of [
    ['minReadySeconds', 'integer', /Minimum number of seconds for which a newly created pod/],
    ['paused', 'boolean', /Indicates that the deployment is paused\./],
    ['progressDeadlineSeconds', 'integer', /Defaults to 600s\./],
    ['replicas', 'integer', /Number of desired pods\./],
    ['revisionHistoryLimit', 'integer', /Defaults to 10\./],
    ['selector', 'LabelSelector> -required-', undefined],
    ['strategy', 'DeploymentStrategy', undefined],
    ['template', 'PodTemplateSpec> -required-', undefined],
  ] as [string, string, RegExp | undefined][]) {
    assert.match(out, new RegExp(`^  ${field}\\t<${type.replace(/[[\]]/g, '\\$&')}`, 'm'), field);
    if (doc) assert.match(out, doc, field);
  }
  const deeper = await ok(['explain', 'deployment.spec.strategy.rollingUpdate']);
  assert.match(deeper, /FIELD: rollingUpdate <RollingUpdateDeployment>/);
  assert.match(deeper, /^  maxSurge\t/m);
  assert.match(deeper, /^  maxUnavailable\t/m);
});

const cm = (name: string, value: string, app = 'x') =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  labels: {app: ${app}}\ndata:\n  v: "${value}"\n`;
const deploy = `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: pruned\n  labels: {app: x}\nspec:\n  replicas: 0\n  selector: {matchLabels: {app: pruned}}\n  template:\n    metadata: {labels: {app: pruned}}\n    spec: {containers: [{name: c, image: busybox:1.36}]}\n`;

test('kubectl apply --prune -l app=x deletes labelled objects that left the file, and only those', async () => {
  await ok(['create', 'namespace', 'prune']);
  await ok(['apply', '-n', 'prune', '-f', '-'], [cm('keep', '1'), cm('drop', '1'), deploy].join('---\n'));
  // Same label, never applied: no last-applied annotation, so prune leaves it alone.
  await ok(['create', '-n', 'prune', 'configmap', 'created', '--from-literal=v=1']);
  await ok(['label', '-n', 'prune', 'configmap', 'created', 'app=x']);
  await ok(['apply', '-n', 'prune', '-f', '-'], cm('other', '1', 'other'));
  const out = await ok(['apply', '-n', 'prune', '--prune', '-l', 'app=x', '-f', '-'], cm('keep', '2'));
  assert.match(out, /configmap\/keep configured/);
  assert.match(out, /configmap\/drop pruned/);
  assert.match(out, /deployment\.apps\/pruned pruned/);
  const left = await ok(['get', '-n', 'prune', 'configmaps,deployments', '-o', 'name']);
  assert.deepEqual(left.trim().split('\n').filter((l) => !l.includes('kube-root-ca')).sort(),
    ['configmap/created', 'configmap/keep', 'configmap/other']);
  assert.equal(await ok(['get', '-n', 'prune', 'configmap', 'keep', '-o', 'jsonpath={.data.v}']), '2');
});

test('kubectl diff: exit 1 with a unified diff for a change, exit 0 for none, nothing written', async () => {
  await ok(['apply', '-f', '-'], cm('diffme', '1'));
  const rv = await ok(['get', 'configmap', 'diffme', '-o', 'jsonpath={.metadata.resourceVersion}']);
  const changed = await c.kubectl(['diff', '-f', '-'], { input: cm('diffme', '2') });
  assert.equal(changed.code, 1, changed.stderr);
  assert.match(changed.stdout, /^-  v: "1"$/m);
  assert.match(changed.stdout, /^\+  v: "2"$/m);
  assert.doesNotMatch(changed.stdout, /^[-+]\s+resourceVersion/m);
  const same = await c.kubectl(['diff', '-f', '-'], { input: cm('diffme', '1') });
  assert.equal(same.code, 0, same.stderr + same.stdout);
  assert.equal(same.stdout, '');
  const fresh = await c.kubectl(['diff', '-f', '-'], { input: cm('notyet', '1') });
  assert.equal(fresh.code, 1, fresh.stderr);
  assert.match(fresh.stdout, /^\+  name: notyet$/m);
  assert.equal(await ok(['get', 'configmap', 'diffme', '-o', 'jsonpath={.metadata.resourceVersion}']), rv);
  assert.equal((await c.kubectl(['get', 'configmap', 'notyet'])).code, 1);
  const ssa = await c.kubectl(['diff', '--server-side', '--force-conflicts', '-f', '-'], { input: cm('diffme', '3') });
  assert.equal(ssa.code, 1, ssa.stderr);
  assert.match(ssa.stdout, /^\+  v: "3"$/m);
});
