import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeDetachedSignature, verifyDetachedSignature } from './jws.ts';

test('detached JWS: header as kubeadm, payload left out, verifies only with the same token and content', () => {
  const sig = computeDetachedSignature('kubeconfig text', 'abcdef', '0123456789abcdef');
  const [h, p] = sig.split('.');
  assert.equal(Buffer.from(h!, 'base64url').toString(), '{"alg":"HS256","kid":"abcdef"}');
  assert.equal(p, '');
  assert.ok(verifyDetachedSignature(sig, 'kubeconfig text', 'abcdef', '0123456789abcdef'));
  assert.ok(!verifyDetachedSignature(sig, 'kubeconfig text!', 'abcdef', '0123456789abcdef'));
  assert.ok(!verifyDetachedSignature(sig, 'kubeconfig text', 'abcdef', '0123456789abcdeX'));
  assert.ok(!verifyDetachedSignature(sig, 'kubeconfig text', 'abcdeg', '0123456789abcdef'));
  assert.ok(!verifyDetachedSignature('garbage', 'kubeconfig text', 'abcdef', '0123456789abcdef'));
});
