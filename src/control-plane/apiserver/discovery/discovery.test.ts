import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RESOURCES } from '../../../api/resources.ts';
import { discoveryResponse, setDiscoveryServerAddress, versionInfo } from './index.ts';
import { negotiateDiscovery } from './negotiate.ts';

const KUBECTL_ACCEPT = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,' +
  'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

test('/api lists v1 with the server address', () => {
  setDiscoveryServerAddress('10.0.0.5:6443');
  const r = discoveryResponse('/api', 'application/json')!;
  assert.equal(r.status, 200);
  const body = JSON.parse(r.body);
  assert.equal(body.kind, 'APIVersions');
  assert.deepEqual(body.versions, ['v1']);
  assert.deepEqual(body.serverAddressByClientCIDRs, [{ clientCIDR: '0.0.0.0/0', serverAddress: '10.0.0.5:6443' }]);
});

test('/apis lists every named group with its preferred version', () => {
  const body = JSON.parse(discoveryResponse('/apis', undefined)!.body);
  const groups = new Set(RESOURCES.filter((r) => r.group).map((r) => r.group));
  assert.equal(body.groups.length, groups.size);
  const autoscaling = body.groups.find((g: { name: string }) => g.name === 'autoscaling');
  assert.deepEqual(autoscaling.preferredVersion, { groupVersion: 'autoscaling/v2', version: 'v2' });
  assert.deepEqual(autoscaling.versions.map((v: { version: string }) => v.version), ['v2', 'v1']);
});

test('/api/v1 resource list has every core resource and subresource', () => {
  const body = JSON.parse(discoveryResponse('/api/v1', undefined)!.body);
  const core = RESOURCES.filter((r) => r.group === '');
  const expected = core.reduce((n, r) => n + 1 + r.subresources.length, 0);
  assert.equal(body.resources.length, expected);
  const byName = new Map(body.resources.map((r: { name: string }) => [r.name, r]));
  assert.deepEqual(byName.get('pods/binding'), { name: 'pods/binding', singularName: '', namespaced: true, kind: 'Binding', verbs: ['create'] });
  const ev = byName.get('pods/eviction') as Record<string, unknown>;
  assert.equal(ev.group, 'policy');
  assert.equal(ev.kind, 'Eviction');
  const pods = byName.get('pods') as Record<string, unknown>;
  assert.deepEqual(pods.shortNames, ['po']);
  assert.deepEqual(pods.categories, ['all']);
  assert.equal(typeof pods.storageVersionHash, 'string');
});

test('/apis/apps/v1 has scale as autoscaling/v1 Scale', () => {
  const body = JSON.parse(discoveryResponse('/apis/apps/v1/', undefined)!.body);
  assert.equal(body.groupVersion, 'apps/v1');
  const scale = body.resources.find((r: { name: string }) => r.name === 'deployments/scale');
  assert.deepEqual([scale.group, scale.version, scale.kind, scale.verbs], ['autoscaling', 'v1', 'Scale', ['get', 'patch', 'update']]);
});

test('aggregated discovery answers kubectl with the v2 content type', () => {
  const r = discoveryResponse('/apis', KUBECTL_ACCEPT)!;
  assert.equal(r.contentType, 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
  assert.ok(r.etag);
  const body = JSON.parse(r.body);
  assert.equal(body.apiVersion, 'apidiscovery.k8s.io/v2');
  const total = body.items.flatMap((g: { versions: { resources: unknown[] }[] }) => g.versions.flatMap((v) => v.resources)).length;
  assert.equal(total, RESOURCES.filter((r) => r.group).length);
  const core = JSON.parse(discoveryResponse('/api', KUBECTL_ACCEPT)!.body);
  assert.equal(core.items.length, 1);
  assert.equal(core.items[0].metadata.name, undefined);
  const pods = core.items[0].versions[0].resources.find((r: { resource: string }) => r.resource === 'pods');
  assert.equal(pods.scope, 'Namespaced');
  assert.ok(pods.subresources.some((s: { subresource: string }) => s.subresource === 'status'));
});

test('v2beta1 only when asked; group-version paths are never aggregated', () => {
  const beta = discoveryResponse('/api', 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json')!;
  assert.match(beta.contentType, /v=v2beta1/);
  assert.equal(discoveryResponse('/api/v1', KUBECTL_ACCEPT)!.contentType, 'application/json');
  assert.equal(discoveryResponse('/api/v1', 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList')!.status, 406);
  assert.equal(negotiateDiscovery('application/vnd.kubernetes.protobuf, */*', true), 'json');
});

test('non-discovery paths are left to the router', () => {
  assert.equal(discoveryResponse('/api/v1/pods', undefined), undefined);
  assert.equal(discoveryResponse('/apis/nope', undefined), undefined);
  assert.equal(discoveryResponse('/healthz', undefined), undefined);
});

test('versionInfo claims 1.32 and a Go-style platform', () => {
  const v = versionInfo();
  assert.equal(v.major, '1');
  assert.equal(v.minor, '32');
  assert.match(v.gitVersion, /^v1\.32\./);
  assert.match(v.platform, /^[a-z]+\/[a-z0-9]+$/);
});
