import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KObject } from '../../../api/types.ts';
import type { KubeClient } from '../../../client/types.ts';
import { needsRefresh, TokenCache } from './token-cache.ts';

test('a token is refreshed after 80% of its lifetime or a day', () => {
  assert.equal(needsRefresh({ issuedAt: 0, expiresAt: 1000 }, 799), false);
  assert.equal(needsRefresh({ issuedAt: 0, expiresAt: 1000 }, 800), true);
  assert.equal(needsRefresh({ issuedAt: 0, expiresAt: 10 * 86_400_000 }, 86_400_001), true);
});

test('TokenRequest is bound to the pod and cached until due', async () => {
  let now = 0;
  const calls: Array<{ ref: Record<string, unknown>; body: KObject }> = [];
  const client = { create: async (ref: Record<string, unknown>, body: KObject) => {
    calls.push({ ref, body });
    return { status: { token: `t${calls.length}`, expirationTimestamp: new Date(now + 3600_000).toISOString() } };
  } } as unknown as KubeClient;
  const cache = new TokenCache(client, { now: () => now } as never);
  const pod = { metadata: { name: 'p', namespace: 'ns', uid: 'u' }, spec: { serviceAccountName: 'sa' } } as unknown as KObject;
  assert.equal(await cache.get(pod, undefined, 3600), 't1');
  assert.equal(calls[0]!.ref.subresource, 'token');
  assert.equal(calls[0]!.ref.name, 'sa');
  assert.deepEqual((calls[0]!.body.spec as { boundObjectRef: unknown }).boundObjectRef, { kind: 'Pod', apiVersion: 'v1', name: 'p', uid: 'u' });
  now = 1000;
  assert.equal(await cache.get(pod, undefined, 3600), 't1');
  now = 2_900_000;
  assert.equal(await cache.get(pod, undefined, 3600), 't2');
});
