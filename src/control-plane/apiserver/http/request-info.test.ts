import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRequestInfo } from './request-info.ts';

test('namespaced pod get', () => {
  const r = parseRequestInfo('GET', '/api/v1/namespaces/default/pods/web', false);
  assert.deepEqual([r.verb, r.group, r.version, r.namespace, r.resource, r.name], ['get', '', 'v1', 'default', 'pods', 'web']);
});

test('group resource list across namespaces and watch', () => {
  const l = parseRequestInfo('GET', '/apis/apps/v1/deployments', false);
  assert.deepEqual([l.verb, l.group, l.resource, l.namespace], ['list', 'apps', 'deployments', '']);
  const w = parseRequestInfo('GET', '/apis/apps/v1/namespaces/x/deployments', true);
  assert.equal(w.verb, 'watch');
  const legacy = parseRequestInfo('GET', '/api/v1/watch/namespaces/x/pods', false);
  assert.deepEqual([legacy.verb, legacy.namespace, legacy.resource], ['watch', 'x', 'pods']);
});

test('namespace object, its status and finalize', () => {
  const g = parseRequestInfo('GET', '/api/v1/namespaces/kube-system', false);
  assert.deepEqual([g.verb, g.resource, g.name, g.namespace], ['get', 'namespaces', 'kube-system', '']);
  const s = parseRequestInfo('PUT', '/api/v1/namespaces/foo/finalize', false);
  assert.deepEqual([s.verb, s.resource, s.name, s.subresource], ['update', 'namespaces', 'foo', 'finalize']);
  const l = parseRequestInfo('GET', '/api/v1/namespaces', false);
  assert.deepEqual([l.verb, l.resource, l.name], ['list', 'namespaces', '']);
});

test('subresources, deletecollection and non-resource paths', () => {
  const s = parseRequestInfo('PATCH', '/apis/apps/v1/namespaces/d/deployments/web/scale', false);
  assert.deepEqual([s.verb, s.subresource], ['patch', 'scale']);
  const dc = parseRequestInfo('DELETE', '/api/v1/namespaces/d/pods', false);
  assert.equal(dc.verb, 'deletecollection');
  assert.equal(parseRequestInfo('GET', '/healthz', false).isResource, false);
  assert.equal(parseRequestInfo('GET', '/apis/apps', false).isResource, false);
});
