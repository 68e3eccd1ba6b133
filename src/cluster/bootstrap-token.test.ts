import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  generateToken, parseToken, parseDuration, tokenToSecret, secretToToken, isExpired, TOKEN_RE, DEFAULT_TOKEN_TTL_MS,
} from './bootstrap-token.ts';

test('generated tokens have the upstream format and differ', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 200; i++) {
    const t = generateToken();
    assert.match(t, /^[a-z0-9]{6}\.[a-z0-9]{16}$/);
    seen.add(t);
  }
  assert.equal(seen.size, 200);
});

test('parseToken accepts valid tokens and rejects others', () => {
  assert.deepEqual(parseToken('abcdef.0123456789abcdef'), { id: 'abcdef', secret: '0123456789abcdef' });
  for (const bad of ['abcdef0123456789abcdef', 'ABCDEF.0123456789abcdef', 'abcde.0123456789abcdef', 'abcdef.0123456789abcde', '']) {
    assert.throws(() => parseToken(bad), (e: Error & { code?: string }) => e.code === 'BadRequest' && /\[a-z0-9\]\{6\}/.test(e.message));
  }
  assert.ok(TOKEN_RE.test('000000.aaaaaaaaaaaaaaaa'));
});

test('parseDuration understands Go durations', () => {
  assert.equal(parseDuration('24h'), 86_400_000);
  assert.equal(parseDuration('1h30m'), 5_400_000);
  assert.equal(parseDuration('90s'), 90_000);
  assert.equal(parseDuration('1.5h'), 5_400_000);
  assert.equal(parseDuration('500ms'), 500);
  assert.equal(parseDuration('0'), 0);
  assert.equal(DEFAULT_TOKEN_TTL_MS, 86_400_000);
  for (const bad of ['', '24', 'h', '1d', '-1h', '1h30']) {
    assert.throws(() => parseDuration(bad), /invalid duration/, bad);
  }
});

test('tokenToSecret writes the upstream Secret and secretToToken reads it back', () => {
  const now = Date.UTC(2026, 0, 1, 12, 0, 0, 123);
  const s = tokenToSecret('abcdef.0123456789abcdef', { now, description: 'test' });
  assert.equal(s.metadata.name, 'bootstrap-token-abcdef');
  assert.equal(s.metadata.namespace, 'kube-system');
  assert.equal(s.type, 'bootstrap.kubernetes.io/token');
  const dec = Object.fromEntries(Object.entries(s.data!).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]));
  assert.deepEqual(dec, {
    'token-id': 'abcdef',
    'token-secret': '0123456789abcdef',
    expiration: '2026-01-02T12:00:00Z',
    'usage-bootstrap-authentication': 'true',
    'usage-bootstrap-signing': 'true',
    'auth-extra-groups': 'system:bootstrappers:kubeadm:default-node-token',
    description: 'test',
  });
  const t = secretToToken(s)!;
  assert.equal(t.id, 'abcdef');
  assert.equal(t.secret, '0123456789abcdef');
  assert.deepEqual(t.usages, ['authentication', 'signing']);
  assert.deepEqual(t.groups, ['system:bootstrappers:kubeadm:default-node-token']);
  assert.equal(t.expires, Date.UTC(2026, 0, 2, 12, 0, 0));
  assert.ok(!isExpired(t, now));
  assert.ok(isExpired(t, Date.UTC(2026, 0, 3)));
});

test('ttl 0 means no expiration; stringData and wrong types are handled', () => {
  const s = tokenToSecret('abcdef.0123456789abcdef', { ttlMs: 0 });
  assert.equal(s.data!.expiration, undefined);
  assert.ok(!isExpired(secretToToken(s)!, Date.UTC(2100, 0, 1)));
  const fromStringData = secretToToken({
    metadata: { name: 'bootstrap-token-zzzzzz' }, type: 'bootstrap.kubernetes.io/token',
    stringData: { 'token-id': 'zzzzzz', 'token-secret': 'yyyyyyyyyyyyyyyy', 'usage-bootstrap-authentication': 'true' },
  });
  assert.deepEqual(fromStringData?.usages, ['authentication']);
  assert.equal(secretToToken({ ...s, type: 'Opaque' }), undefined);
});
