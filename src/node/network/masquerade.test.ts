import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { ensurePodMasquerade, masqueradeRules, removePodMasquerade, MASQ_CHAIN } from './masquerade.ts';

test('the chain returns for the pod CIDR and multicast and masquerades the rest', () => {
  const rules = masqueradeRules('10.42.3.0/24');
  assert.match(rules, /^\*nat\n:K8TS-POSTROUTING - \[0:0\]\n/);
  assert.deepEqual(rules.split('\n').filter((l) => l.startsWith('-A')), [
    '-A K8TS-POSTROUTING -d 10.42.3.0/24 -j RETURN',
    '-A K8TS-POSTROUTING -d 224.0.0.0/4 -j RETURN',
    '-A K8TS-POSTROUTING -j MASQUERADE',
  ]);
});

// The real rules, inside a network namespace of the test's own (root and iptables, as in CI).
const why = process.getuid?.() !== 0 ? 'needs root' : !existsSync('/usr/sbin/iptables-restore') ? 'iptables is not installed' : undefined;
const ns = `k8ts-masq-${randomBytes(3).toString('hex')}`;
const prefix = ['nsenter', `--net=/run/netns/${ns}`];
if (!why) {
  execFileSync('ip', ['netns', 'add', ns]);
  after(() => execFileSync('ip', ['netns', 'del', ns]));
}
const nat = () => execFileSync('nsenter', [`--net=/run/netns/${ns}`, 'iptables-save', '-t', 'nat'], { encoding: 'utf8' })
  .split('\n').filter((l) => l.startsWith('-A'));

test('install, re-install, change of pod CIDR and removal in a network namespace', { skip: why }, async () => {
  await ensurePodMasquerade('10.42.0.0/24', prefix);
  await ensurePodMasquerade('10.42.0.0/24', prefix);
  let rules = nat();
  assert.equal(rules.filter((l) => l.startsWith('-A POSTROUTING') && l.endsWith(`-j ${MASQ_CHAIN}`)).length, 1, rules.join('\n'));
  assert.ok(rules.some((l) => l.startsWith('-A POSTROUTING -s 10.42.0.0/24 ')));
  assert.equal(rules.filter((l) => l.startsWith(`-A ${MASQ_CHAIN}`)).length, 3);

  await ensurePodMasquerade('10.42.7.0/24', prefix);
  rules = nat();
  assert.ok(!rules.some((l) => l.includes('10.42.0.0/24')), rules.join('\n'));
  assert.ok(rules.includes(`-A ${MASQ_CHAIN} -d 10.42.7.0/24 -j RETURN`));
  assert.equal(rules.filter((l) => l.startsWith('-A POSTROUTING')).length, 1);

  assert.equal(await removePodMasquerade(prefix), 1);
  assert.deepEqual(nat(), []);
  assert.ok(!execFileSync('nsenter', [`--net=/run/netns/${ns}`, 'iptables-save', '-t', 'nat'], { encoding: 'utf8' }).includes(MASQ_CHAIN));
});
