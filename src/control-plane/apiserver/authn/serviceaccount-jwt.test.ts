import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { ServiceAccountTokens } from './serviceaccount-jwt.ts';
import { bearerToken } from './bearer.ts';
import { parseServiceAccountUsername } from './serviceaccount-user.ts';

function keys() {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), pubPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}
const claim = { namespace: 'ns1', serviceaccount: { name: 'sa1', uid: 'u1' } };
const now = Date.parse('2025-01-01T00:00:00Z');

test('bound tokens round-trip with upstream claims and honour exp and aud', async () => {
  const t = new ServiceAccountTokens(keys());
  const { token, expiresMs } = await t.signBound({ audiences: t.audiences, expirationSeconds: 3600, nowMs: now, claim });
  assert.equal(expiresMs, now + 3_600_000);
  const v = await t.verify(token, now + 1000);
  assert.equal(v?.kind, 'bound');
  assert.equal(v?.claims.sub, 'system:serviceaccount:ns1:sa1');
  assert.deepEqual(v?.kind === 'bound' && v.claims['kubernetes.io'], claim);
  await assert.rejects(t.verify(token, now + 3_700_000), { code: 'Unauthorized' });
  const other = await t.signBound({ audiences: ['other'], expirationSeconds: 3600, nowMs: now, claim });
  await assert.rejects(t.verify(other.token, now), { code: 'Unauthorized' });
});

test('tokens of another key are 401, foreign JWTs and non-JWTs are not ours', async () => {
  const a = new ServiceAccountTokens(keys());
  const b = new ServiceAccountTokens(keys());
  const { token } = await a.signBound({ audiences: a.audiences, expirationSeconds: 3600, nowMs: now, claim });
  await assert.rejects(b.verify(token, now), { code: 'Unauthorized' });
  assert.equal(await a.verify('abcdef.0123456789abcdef', now), undefined);
  const foreign = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"iss":"https://accounts.example"}').toString('base64url')}.`;
  assert.equal(await a.verify(foreign, now), undefined);
});

test('legacy tokens carry the secret claims and never expire', async () => {
  const t = new ServiceAccountTokens(keys());
  const token = await t.signLegacy('ns1', 'sec', { name: 'sa1', uid: 'u1' });
  const v = await t.verify(token, now + 10 * 365 * 86_400_000);
  assert.equal(v?.kind, 'legacy');
  assert.equal(v?.kind === 'legacy' && v.claims['kubernetes.io/serviceaccount/secret.name'], 'sec');
});

test('bearer header parsing and SA user names', () => {
  const req = (authorization?: string) => ({ headers: { authorization } }) as never;
  assert.equal(bearerToken(req('Bearer abc')), 'abc');
  assert.equal(bearerToken(req('bearer  abc ')), 'abc');
  assert.equal(bearerToken(req('Basic abc')), undefined);
  assert.equal(bearerToken(req(undefined)), undefined);
  assert.deepEqual(parseServiceAccountUsername('system:serviceaccount:a:b'), { namespace: 'a', name: 'b' });
  assert.equal(parseServiceAccountUsername('system:node:x'), undefined);
});
