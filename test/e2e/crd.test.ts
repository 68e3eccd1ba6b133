/**
 * Issue 3 "Done when", CRDs: create a CRD (served within a second, with
 * Established), create/patch/get custom objects (table with the printer
 * columns), strict/warn field validation and defaults, /status and /scale,
 * explain, server-side apply, survival of a restart, and deleting the CRD
 * deletes its objects.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster, type Cluster, type ExecResult } from './helpers/cluster.ts';

let cluster: Cluster;
before(async () => { cluster = await startCluster(); });
after(async () => { await cluster?.dispose(); });

const ok = (r: ExecResult, what: string): string => {
  assert.equal(r.code, 0, `${what} exited ${r.code}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`);
  return r.stdout;
};

const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: crontabs.stable.example.com
spec:
  group: stable.example.com
  scope: Namespaced
  names: {plural: crontabs, singular: crontab, kind: CronTab, shortNames: [ct], categories: [all]}
  versions:
  - name: v1
    served: true
    storage: true
    subresources:
      status: {}
      scale: {specReplicasPath: .spec.replicas, statusReplicasPath: .status.replicas, labelSelectorPath: .status.selector}
    additionalPrinterColumns:
    - {name: Spec, type: string, jsonPath: .spec.cronSpec}
    - {name: Replicas, type: integer, jsonPath: .spec.replicas}
    - {name: Age, type: date, jsonPath: .metadata.creationTimestamp}
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            description: The crontab spec.
            properties:
              cronSpec: {type: string, description: The schedule.}
              image: {type: string}
              replicas: {type: integer, default: 1, minimum: 0}
            required: [cronSpec]
          status:
            type: object
            properties:
              replicas: {type: integer}
              selector: {type: string}
`;
const CT = `apiVersion: stable.example.com/v1
kind: CronTab
metadata: {name: my-ct}
spec: {cronSpec: "* * * * */5", image: my-image}
`;

test('CRD roundtrip with the real kubectl', async () => {
  ok(await cluster.kubectl(['apply', '-f', '-'], { input: CRD }), 'create crd');
  const t0 = Date.now();
  ok(await cluster.kubectl(['wait', '--for=condition=Established', 'crd/crontabs.stable.example.com', '--timeout=5s']), 'established');
  assert.ok(Date.now() - t0 < 5000);
  const crd = JSON.parse(ok(await cluster.kubectl(['get', 'crd', 'crontabs.stable.example.com', '-o', 'json']), 'get crd'));
  assert.deepEqual(crd.status.conditions.map((c: { type: string; status: string }) => `${c.type}=${c.status}`).sort(), ['Established=True', 'NamesAccepted=True']);
  assert.match(ok(await cluster.kubectl(['api-resources', '--api-group=stable.example.com']), 'api-resources'), /crontabs\s+ct\s+stable\.example\.com\/v1\s+true\s+CronTab/);

  ok(await cluster.kubectl(['apply', '-f', '-'], { input: CT }), 'create ct');
  const table = ok(await cluster.kubectl(['get', 'ct']), 'get ct');
  assert.match(table, /^NAME\s+SPEC\s+REPLICAS\s+AGE$/m);
  assert.match(table, /^my-ct\s+\* \* \* \* \*\/5\s+1\s+\d+s$/m, 'default replicas=1 from the schema');
  // Unknown fields: strict (kubectl's default) fails with the path, warn prunes and warns.
  const strict = await cluster.kubectl(['apply', '-f', '-'], { input: CT.replace('image: my-image', 'image: my-image, bogus: 1') });
  assert.notEqual(strict.code, 0);
  assert.match(strict.stderr, /unknown field "spec\.bogus"/);
  const warn = await cluster.kubectl(['apply', '--validate=warn', '-f', '-'], { input: CT.replace('image: my-image', 'image: other, bogus: 1') });
  ok(warn, 'apply warn');
  assert.match(warn.stderr, /unknown field "spec\.bogus"/);
  const obj = JSON.parse(ok(await cluster.kubectl(['get', 'ct', 'my-ct', '-o', 'json']), 'get'));
  assert.equal(obj.spec.bogus, undefined, 'pruned');
  assert.equal(obj.spec.image, 'other');
  // Schema validation: 422 with the field.
  const bad = await cluster.kubectl(['patch', 'ct', 'my-ct', '--type=merge', '-p', '{"spec":{"replicas":-1}}']);
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /spec\.replicas/);
  ok(await cluster.kubectl(['patch', 'ct', 'my-ct', '--type=merge', '-p', '{"spec":{"replicas":3}}']), 'patch');
  // /scale and /status.
  ok(await cluster.kubectl(['scale', 'ct', 'my-ct', '--replicas=5']), 'scale');
  assert.equal(ok(await cluster.kubectl(['get', 'ct', 'my-ct', '-o', 'jsonpath={.spec.replicas}']), 'replicas'), '5');
  ok(await cluster.kubectl(['patch', 'ct', 'my-ct', '--subresource=status', '--type=merge', '-p', '{"status":{"replicas":4,"selector":"app=x"}}']), 'status');
  const scale = await cluster.request('/apis/stable.example.com/v1/namespaces/default/crontabs/my-ct/scale');
  assert.equal(scale.status, 200, scale.text);
  assert.deepEqual((scale.json as { spec: unknown }).spec, { replicas: 5 });
  assert.deepEqual((scale.json as { status: unknown }).status, { replicas: 4, selector: 'app=x' });
  // A main-resource write cannot change status.
  ok(await cluster.kubectl(['patch', 'ct', 'my-ct', '--type=merge', '-p', '{"status":{"replicas":9}}']), 'main status');
  assert.equal(ok(await cluster.kubectl(['get', 'ct', 'my-ct', '-o', 'jsonpath={.status.replicas}']), 'status'), '4');
  // explain and server-side apply.
  const explain = ok(await cluster.kubectl(['explain', 'crontab.spec']), 'explain');
  assert.match(explain, /cronSpec\s+<string> -required-/);
  assert.match(explain, /The schedule\./);
  ok(await cluster.kubectl(['apply', '--server-side', '--force-conflicts', '-f', '-'], { input: CT.replace('my-image', 'ssa-image') }), 'ssa');
  assert.match(ok(await cluster.kubectl(['get', 'all']), 'get all'), /crontab\.stable\.example\.com\/my-ct/);

  // Restart: the CRD and its objects are served again.
  await cluster.restart();
  assert.equal(ok(await cluster.kubectl(['get', 'ct', 'my-ct', '-o', 'jsonpath={.spec.image}']), 'after restart'), 'ssa-image');

  // Deleting the CRD deletes its objects.
  ok(await cluster.kubectl(['delete', 'crd', 'crontabs.stable.example.com', '--timeout=20s']), 'delete crd');
  const gone = await cluster.kubectl(['get', 'crontabs']);
  assert.notEqual(gone.code, 0);
  ok(await cluster.kubectl(['apply', '-f', '-'], { input: CRD }), 'recreate crd');
  ok(await cluster.kubectl(['wait', '--for=condition=Established', 'crd/crontabs.stable.example.com', '--timeout=5s']), 'established again');
  assert.equal(ok(await cluster.kubectl(['get', 'ct', '-o', 'name']), 'empty'), '');
});
