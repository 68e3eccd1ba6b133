import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../../base/clock.ts';
import { nullLogger } from '../../../base/logger.ts';
import { findResource, type ResourceInfo } from '../../../api/resources.ts';
import type { KObject } from '../../../api/types.ts';
import { openStore } from '../../../storage/index.ts';
import type { Store } from '../../../storage/types.ts';
import { tokenToSecret } from '../../../cluster/bootstrap-token.ts';
import { createObject } from '../registry/create.ts';
import type { RegistryContext } from '../registry/types.ts';
import { createAuthenticator } from './chain.ts';

const NOW = Date.parse('2025-01-01T00:00:00Z');
let store: Store;
let reg: RegistryContext;
const clock = new FakeClock(NOW);
const secrets = findResource('', 'v1', 'secrets') as ResourceInfo;
const req = (authorization?: string) => ({ headers: authorization ? { authorization } : {}, socket: undefined }) as never;

before(async () => {
  store = await openStore('sqlite::memory:', { logger: nullLogger });
  reg = { store, clock, logger: nullLogger, admission: [] };
  const put = (token: string, opts: Parameters<typeof tokenToSecret>[1]) => createObject(reg, secrets, tokenToSecret(token, { now: NOW, ...opts }) as unknown as KObject);
  await put('aaaaaa.0123456789abcdef', {});
  await put('bbbbbb.0123456789abcdef', { usages: ['signing'] });
  await put('cccccc.0123456789abcdef', { ttlMs: 1000 });
  await put('dddddd.0123456789abcdef', { groups: ['not-a-bootstrapper-group'] });
});
after(async () => { await store.close(); });

test('a valid bootstrap token is system:bootstrap:<id> in the bootstrapper groups', async () => {
  const auth = createAuthenticator({ reg, clock });
  const u = await auth(req('Bearer aaaaaa.0123456789abcdef'), 'GET', '/api/v1/nodes');
  assert.deepEqual(u, { name: 'system:bootstrap:aaaaaa', groups: ['system:bootstrappers', 'system:bootstrappers:kubeadm:default-node-token', 'system:authenticated'] });
});

test('wrong secret, unknown id, no auth usage, expired, bad extra group: all refused', async () => {
  const auth = createAuthenticator({ reg, clock });
  for (const t of ['aaaaaa.0123456789abcdeX', 'zzzzzz.0123456789abcdef', 'bbbbbb.0123456789abcdef', 'dddddd.0123456789abcdef']) {
    assert.equal(await auth(req(`Bearer ${t}`), 'GET', '/api/v1/nodes'), undefined, t);
  }
  const later = createAuthenticator({ reg, clock: { now: () => NOW + 2000 } });
  assert.equal(await later(req('Bearer cccccc.0123456789abcdef'), 'GET', '/api/v1/nodes'), undefined);
});

test('anonymous may only GET kube-public/cluster-info; a bad token is never anonymous', async () => {
  const auth = createAuthenticator({ reg, clock });
  const path = '/api/v1/namespaces/kube-public/configmaps/cluster-info';
  assert.deepEqual(await auth(req(), 'GET', path), { name: 'system:anonymous', groups: ['system:unauthenticated'] });
  assert.equal(await auth(req(), 'PUT', path), undefined);
  assert.equal(await auth(req(), 'GET', '/api/v1/namespaces/kube-public/configmaps'), undefined);
  assert.equal(await auth(req('Bearer nonsense'), 'GET', path), undefined);
});
