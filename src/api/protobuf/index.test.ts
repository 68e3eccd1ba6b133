import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isK8sError } from '../../base/errors.ts';
import { decodeKubernetesProtobuf, decodeKubernetesProtobufWithUnknowns, supportedKinds } from './index.ts';

const testdata = join(dirname(fileURLToPath(import.meta.url)), 'testdata');
const golden = readdirSync(testdata).filter((f) => f.endsWith('.bin')).map((f) => f.slice(0, -4)).sort();

// --- a tiny protobuf writer, enough to build bodies by hand -------------------
function varint(n: bigint | number): number[] {
  let v = BigInt.asUintN(64, BigInt(n));
  const out: number[] = [];
  do {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v > 0n ? b | 0x80 : b);
  } while (v > 0n);
  return out;
}
const tag = (n: number, wt: number) => varint(n * 8 + wt);
const vi = (n: number, v: bigint | number) => [...tag(n, 0), ...varint(v)];
const ld = (n: number, b: number[]) => [...tag(n, 2), ...varint(b.length), ...b];
const str = (n: number, s: string) => ld(n, [...Buffer.from(s, 'utf8')]);
function body(apiVersion: string, kind: string, raw: number[]): Buffer {
  return Buffer.from([0x6b, 0x38, 0x73, 0x00, ...ld(1, [...str(1, apiVersion), ...str(2, kind)]), ...ld(2, raw)]);
}
function expectCode(fn: () => unknown, code: 'BadRequest' | 'UnsupportedMediaType', re?: RegExp): void {
  assert.throws(fn, (e: unknown) => isK8sError(e, code) && (re === undefined || re.test((e as Error).message)));
}

test('golden bodies captured from kubectl 1.32 decode to the JSON kubectl would send', () => {
  assert.ok(golden.length >= 25, `only ${golden.length} golden files`);
  for (const name of golden) {
    const r = decodeKubernetesProtobufWithUnknowns(readFileSync(join(testdata, `${name}.bin`)));
    const want = JSON.parse(readFileSync(join(testdata, `${name}.json`), 'utf8')) as unknown;
    assert.deepStrictEqual(r.object, want, name);
    assert.deepStrictEqual(r.unknownFields, [], name);
  }
});

test('golden objects keep Go struct field order', () => {
  for (const name of ['deployment', 'service-nodeport', 'cronjob', 'ingress', 'configmap', 'secret-generic', 'rolebinding']) {
    const got = decodeKubernetesProtobuf(readFileSync(join(testdata, `${name}.bin`)));
    assert.equal(JSON.stringify(got), JSON.stringify(JSON.parse(readFileSync(join(testdata, `${name}.json`), 'utf8'))), name);
  }
});

test('the kinds kubectl create sends are all covered', () => {
  const kinds = new Set(supportedKinds());
  for (const k of ['v1/ConfigMap', 'v1/Secret', 'v1/Namespace', 'v1/ServiceAccount', 'v1/Service', 'v1/ResourceQuota',
    'apps/v1/Deployment', 'batch/v1/Job', 'batch/v1/CronJob', 'rbac.authorization.k8s.io/v1/Role',
    'rbac.authorization.k8s.io/v1/ClusterRole', 'rbac.authorization.k8s.io/v1/RoleBinding',
    'rbac.authorization.k8s.io/v1/ClusterRoleBinding', 'policy/v1/PodDisruptionBudget', 'policy/v1/Eviction',
    'scheduling.k8s.io/v1/PriorityClass', 'networking.k8s.io/v1/Ingress', 'authentication.k8s.io/v1/TokenRequest']) {
    assert.ok(kinds.has(k), k);
  }
});

test('a body without the k8s\\0 prefix is a BadRequest', () => {
  expectCode(() => decodeKubernetesProtobuf(Buffer.from('{"kind":"ConfigMap"}')), 'BadRequest', /expected prefix/);
  expectCode(() => decodeKubernetesProtobuf(Buffer.alloc(0)), 'BadRequest');
});

test('an unknown kind is UnsupportedMediaType pointing at JSON', () => {
  expectCode(() => decodeKubernetesProtobuf(body('example.com/v1', 'Widget', [])), 'UnsupportedMediaType', /protobuf is not supported.*Widget.*application\/json/);
  expectCode(() => decodeKubernetesProtobuf(body('v1', '', [])), 'BadRequest', /Kind/);
});

test('unknown field numbers are skipped and reported by path', () => {
  const container = [...str(1, 'c'), ...str(2, 'img'), ...vi(99, 7), ...ld(98, [1, 2, 3])];
  const podSpec = ld(2, container);
  const template = ld(2, podSpec);
  const spec = [...ld(3, template), ...vi(77, 1)];
  const r = decodeKubernetesProtobufWithUnknowns(body('apps/v1', 'Deployment', [...ld(1, str(1, 'd')), ...ld(2, spec)]));
  // Reported in wire order: the container is decoded as soon as its bytes are read.
  assert.deepStrictEqual(r.unknownFields, ['spec.template.spec.containers[0].#99', 'spec.template.spec.containers[0].#98', 'spec.#77']);
  const containers = ((((r.object.spec as Record<string, unknown>).template as Record<string, unknown>).spec as Record<string, unknown>).containers) as unknown[];
  assert.deepStrictEqual(containers, [{ name: 'c', image: 'img', resources: {} }]);
});

test('negative int32 and int64 (10-byte varints), pointers to zero and dropped omitempty zeros', () => {
  const pc = decodeKubernetesProtobuf(body('scheduling.k8s.io/v1', 'PriorityClass', [...ld(1, []), ...vi(2, -5n), ...vi(3, 0), ...str(4, '')]));
  assert.deepStrictEqual(pc, { kind: 'PriorityClass', apiVersion: 'scheduling.k8s.io/v1', metadata: { creationTimestamp: null }, value: -5 });
  const ns = decodeKubernetesProtobuf(body('v1', 'Namespace', ld(1, [...str(1, 'x'), ...vi(7, 0), ...vi(10, 0), ...vi(7, -1n)])));
  assert.deepStrictEqual(ns.metadata, { name: 'x', generation: -1, creationTimestamp: null, deletionGracePeriodSeconds: 0 });
});

test('metav1.Time, IntOrString, Quantity and FieldsV1 take their JSON forms', () => {
  const managed = [...str(1, 'kubectl'), ...str(2, 'Update'), ...ld(4, vi(1, 1700000000)), ...str(6, 'FieldsV1'),
    ...ld(7, ld(1, [...Buffer.from('{"f:data":{}}')]))];
  const meta = [...str(1, 'x'), ...ld(8, [...vi(1, 1700000000), ...vi(2, 999)]), ...ld(17, managed)];
  const cm = decodeKubernetesProtobuf(body('v1', 'ConfigMap', ld(1, meta)));
  assert.deepStrictEqual(cm.metadata, {
    name: 'x', creationTimestamp: '2023-11-14T22:13:20Z',
    managedFields: [{ manager: 'kubectl', operation: 'Update', time: '2023-11-14T22:13:20Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': {} } }],
  });
  const pdbSpec = [...ld(1, [...vi(1, 0), ...vi(2, 3), ...str(3, '')]), ...ld(3, [...vi(1, 1), ...vi(2, 0), ...str(3, '25%')])];
  const pdb = decodeKubernetesProtobuf(body('policy/v1', 'PodDisruptionBudget', [...ld(2, pdbSpec)]));
  assert.deepStrictEqual((pdb.spec as Record<string, unknown>), { minAvailable: 3, maxUnavailable: '25%' });
  const quota = decodeKubernetesProtobuf(body('v1', 'ResourceQuota', ld(2, [...ld(1, [...str(1, 'cpu'), ...ld(2, str(1, '500m'))]), ...ld(1, str(1, 'pods'))])));
  assert.deepStrictEqual((quota.spec as Record<string, unknown>).hard, { cpu: '500m', pods: '0' });
});

test('packed and unpacked repeated int64 both decode', () => {
  const psc = (groups: number[]) => ld(14, groups);
  const mk = (sc: number[]) => body('batch/v1', 'Job', ld(2, ld(6, ld(2, sc))));
  const get = (b: Buffer) => ((((decodeKubernetesProtobuf(b).spec as Record<string, unknown>).template as Record<string, unknown>).spec as Record<string, unknown>).securityContext as Record<string, unknown>).supplementalGroups;
  assert.deepStrictEqual(get(mk(psc([...vi(4, 1000), ...vi(4, 2000)]))), [1000, 2000]);
  assert.deepStrictEqual(get(mk(psc(ld(4, [...varint(1000), ...varint(2000)])))), [1000, 2000]);
});

test('map keys such as __proto__ become plain own properties', () => {
  const cm = decodeKubernetesProtobuf(body('v1', 'ConfigMap', ld(2, [...str(1, '__proto__'), ...str(2, 'v')])));
  const data = cm.data as Record<string, unknown>;
  assert.ok(Object.prototype.hasOwnProperty.call(data, '__proto__'));
  assert.equal(Object.getPrototypeOf(data), Object.prototype);
});

test('DeleteOptions decode under any group version', () => {
  const d = decodeKubernetesProtobuf(body('apps/v1', 'DeleteOptions', [...vi(1, 0), ...str(4, 'Foreground'), ...str(5, 'All')]));
  assert.deepStrictEqual(d, { kind: 'DeleteOptions', apiVersion: 'apps/v1', gracePeriodSeconds: 0, propagationPolicy: 'Foreground', dryRun: ['All'] });
});

test('malformed bodies fail with BadRequest, never another error', () => {
  expectCode(() => decodeKubernetesProtobuf(body('v1', 'ConfigMap', [0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f])), 'BadRequest', /past the end/);
  expectCode(() => decodeKubernetesProtobuf(body('v1', 'ConfigMap', [0x0a, ...Array(11).fill(0x80)])), 'BadRequest');
  expectCode(() => decodeKubernetesProtobuf(body('v1', 'ConfigMap', vi(1, 5))), 'BadRequest', /wire type/);
  expectCode(() => decodeKubernetesProtobuf(body('v1', 'ConfigMap', [0x0b])), 'BadRequest', /wire type 3/);
  expectCode(() => decodeKubernetesProtobuf(body('v1', 'ConfigMap', [0x00])), 'BadRequest', /field number 0/);
  expectCode(() => decodeKubernetesProtobuf(body('v1', 'ConfigMap', ld(1, ld(17, ld(7, ld(1, [0x7b])))))), 'BadRequest', /JSON/);
});

test('truncations and byte flips of every golden body never escape as non-K8sError', () => {
  let seed = 42;
  const rand = () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed; };
  for (const name of golden) {
    const buf = readFileSync(join(testdata, `${name}.bin`));
    const cases: Buffer[] = [];
    for (let n = 0; n < buf.length; n++) cases.push(buf.subarray(0, n));
    for (let i = 0; i < 200; i++) {
      const b = Buffer.from(buf);
      b[4 + (rand() % (b.length - 4))] = rand() & 0xff;
      cases.push(b);
    }
    for (const c of cases) {
      try {
        decodeKubernetesProtobuf(c);
      } catch (e) {
        assert.ok(isK8sError(e, 'BadRequest') || isK8sError(e, 'UnsupportedMediaType'), `${name}: ${String(e)}`);
      }
    }
  }
});
