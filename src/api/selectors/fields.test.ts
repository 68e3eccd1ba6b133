import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileFieldSelector, fieldGetters, fieldSelectorValue, parseFieldSelector } from './fields.ts';
import { isK8sError } from '../../base/errors.ts';
import { RESOURCES } from '../resources.ts';
import { gkKey, type KObject } from '../types.ts';

const pod = (name: string, extra: Partial<KObject> = {}): KObject => ({
  metadata: { name, namespace: 'default' },
  spec: { nodeName: 'n1', restartPolicy: 'Always', schedulerName: 'default-scheduler', serviceAccountName: 'default' },
  status: { phase: 'Running', podIP: '10.0.0.1', podIPs: [{ ip: '10.0.0.1' }, { ip: 'fd00::1' }] },
  ...extra,
});

test('parses terms with escapes and operators', () => {
  assert.deepEqual(parseFieldSelector('b!=2,a==1,c=x\\,y\\=z'), [
    { field: 'a', operator: '==', value: '1' },
    { field: 'b', operator: '!=', value: '2' },
    { field: 'c', operator: '=', value: 'x,y=z' },
  ]);
  assert.deepEqual(parseFieldSelector(''), []);
  assert.deepEqual(parseFieldSelector('spec.nodeName='), [{ field: 'spec.nodeName', operator: '=', value: '' }]);
});

test('bad syntax is BadRequest with upstream text', () => {
  assert.throws(() => parseFieldSelector('a=b,foo'), (e) => isK8sError(e, 'BadRequest') && e.message === "invalid selector: 'a=b,foo'; can't understand 'foo'");
  assert.throws(() => parseFieldSelector('a=b\\x'), /invalid escape sequence/);
});

test('pods select on spec and status fields', () => {
  const running = pod('a');
  const pending = pod('b', { spec: { nodeName: '' }, status: { phase: 'Pending' } });
  const sel = (s: string) => [running, pending].filter(compileFieldSelector('', 'Pod', s)).map((p) => p.metadata.name);
  assert.deepEqual(sel('spec.nodeName=n1'), ['a']);
  assert.deepEqual(sel('spec.nodeName='), ['b']);
  assert.deepEqual(sel('status.phase!=Running'), ['b']);
  assert.deepEqual(sel('status.phase=Running,metadata.name=a'), ['a']);
  assert.deepEqual(sel('metadata.namespace=default'), ['a', 'b']);
  assert.deepEqual(sel('spec.hostNetwork=false'), ['a', 'b']);
  assert.deepEqual(sel('status.podIP=10.0.0.1'), ['a']);
  assert.deepEqual(sel('status.podIPs=10.0.0.1'), []);
  assert.deepEqual(sel('status.podIPs='), ['a', 'b']);
  assert.deepEqual(sel(''), ['a', 'b']);
});

test('unsupported fields are rejected', () => {
  assert.throws(() => compileFieldSelector('', 'Pod', 'spec.foo=x'),
    (e) => isK8sError(e, 'BadRequest') && e.message === 'field label not supported: spec.foo');
  assert.throws(() => compileFieldSelector('', 'ConfigMap', 'data=x'), /field label not supported: data/);
  assert.throws(() => compileFieldSelector('', 'Pod', 'toString=x'), /field label not supported/);
});

test('per-kind fields: events, secrets, nodes, jobs, namespaces', () => {
  const ev: KObject = { metadata: { name: 'e', namespace: 'd' }, involvedObject: { kind: 'Pod', name: 'p', uid: 'u1' }, reason: 'Started', type: 'Normal', source: { component: 'kubelet' } };
  assert.equal(compileFieldSelector('', 'Event', 'involvedObject.kind=Pod,involvedObject.name=p,reason=Started,type=Normal,source=kubelet')(ev), true);
  assert.equal(compileFieldSelector('', 'Event', 'involvedObject.uid=u2')(ev), false);
  assert.equal(compileFieldSelector('', 'Secret', 'type=Opaque')({ metadata: { name: 's' }, type: 'Opaque' }), true);
  assert.equal(compileFieldSelector('', 'Node', 'spec.unschedulable=false')({ metadata: { name: 'n' }, spec: {} }), true);
  assert.equal(compileFieldSelector('batch', 'Job', 'status.successful=0')({ metadata: { name: 'j' }, status: {} }), true);
  assert.equal(compileFieldSelector('', 'Namespace', 'status.phase=Active')({ metadata: { name: 'n' }, status: { phase: 'Active' } }), true);
  assert.equal(compileFieldSelector('', 'Service', 'spec.type=ClusterIP,spec.clusterIP=None')({ metadata: { name: 's' }, spec: { type: 'ClusterIP', clusterIP: 'None' } }), true);
  assert.equal(compileFieldSelector('certificates.k8s.io', 'CertificateSigningRequest', 'spec.signerName=x')({ metadata: { name: 'c' }, spec: { signerName: 'x' } }), true);
});

test('every served kind supports metadata fields', () => {
  for (const r of RESOURCES) {
    const m = compileFieldSelector(r.group, r.kind, 'metadata.name=x');
    assert.equal(m({ metadata: { name: 'x' } }), true, gkKey(r.group, r.kind));
  }
  assert.ok(fieldGetters[gkKey('', 'Pod')]['spec.nodeName']);
});

test('fieldSelectorValue pins a field', () => {
  assert.equal(fieldSelectorValue('metadata.name=x,status.phase=Running', 'metadata.name'), 'x');
  assert.equal(fieldSelectorValue('metadata.name!=x', 'metadata.name'), undefined);
});
