import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cgroupHierarchies, removePodCgroup } from './cgroups.ts';

test('a pod cgroup goes from every v1 hierarchy and QoS tier; other pods stay', async () => {
  const base = mkdtempSync(join(tmpdir(), 'k8ts-cg-'));
  try {
    for (const d of ['memory/k8ts/besteffort/podu1/c1', 'cpu/k8ts/besteffort/podu1/c1', 'memory/k8ts/podu2/c2', 'memory/k8ts/burstable/podu1']) mkdirSync(join(base, d), { recursive: true });
    assert.deepEqual((await cgroupHierarchies(base)).sort(), [join(base, 'cpu'), join(base, 'memory')]);
    await removePodCgroup('/k8ts', 'u1', base);
    for (const gone of ['memory/k8ts/besteffort/podu1', 'cpu/k8ts/besteffort/podu1', 'memory/k8ts/burstable/podu1']) assert.ok(!existsSync(join(base, gone)), gone);
    assert.ok(existsSync(join(base, 'memory/k8ts/podu2/c2')));
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
});

test('cgroup v2: one unified hierarchy', async () => {
  const base = mkdtempSync(join(tmpdir(), 'k8ts-cg2-'));
  try {
    mkdirSync(join(base, 'k8ts/podu3'), { recursive: true });
    rmSync(join(base, 'cgroup.controllers'), { force: true });
    (await import('node:fs')).writeFileSync(join(base, 'cgroup.controllers'), 'cpu memory\n');
    assert.deepEqual(await cgroupHierarchies(base), [base]);
    await removePodCgroup('/k8ts', 'u3', base);
    assert.ok(!existsSync(join(base, 'k8ts/podu3')));
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
});
