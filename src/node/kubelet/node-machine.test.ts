import { test } from 'node:test';
import assert from 'node:assert/strict';
import { machineResources, nodeImages, parseMeminfo, parseOsRelease, pressureOf, type MachineSample } from './node-machine.ts';
import { nodeConditions } from './node-object.ts';

const GiB = 1024 ** 3;
const sample: MachineSample = { memTotal: 8 * GiB, memAvailable: 4 * GiB, fsTotal: 100 * GiB, fsAvailable: 50 * GiB, inodesTotal: 1000, inodesFree: 900, pidMax: 4_194_304, pidsInUse: 300 };

test('meminfo and os-release parse as the kubelet reads them', () => {
  const m = parseMeminfo('MemTotal:       16318412 kB\nMemFree:         1000 kB\nMemAvailable:   8000000 kB\nHugePages_Total:       0\n');
  assert.equal(m.MemTotal, 16318412 * 1024);
  assert.equal(m.HugePages_Total, 0);
  assert.equal(parseOsRelease('NAME="Debian GNU/Linux"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n'), 'Debian GNU/Linux 12 (bookworm)');
});

test('allocatable is capacity minus the hard eviction thresholds', () => {
  const r = machineResources(sample, 4);
  assert.equal(r.capacity.cpu, '4');
  assert.equal(r.capacity.memory, `${8 * 1024 * 1024}Ki`);
  assert.equal(r.allocatable.memory, `${8 * 1024 * 1024 - 100 * 1024}Ki`);
  assert.equal(r.capacity['ephemeral-storage'], `${100 * 1024 * 1024}Ki`);
  assert.equal(r.allocatable['ephemeral-storage'], String(90 * GiB));
  assert.equal(r.capacity.pods, '110');
});

test('pressure follows memory.available<100Mi, nodefs.available<10%, inodes<5% and free pids', () => {
  assert.deepEqual(pressureOf(sample), { memory: false, disk: false, pid: false });
  assert.deepEqual(pressureOf({ ...sample, memAvailable: 50 * 1024 * 1024, fsAvailable: 5 * GiB, pidsInUse: 4_100_000 }), { memory: true, disk: true, pid: true });
  assert.equal(pressureOf({ ...sample, inodesFree: 10 }).disk, true);
  const c = nodeConditions('2026-01-01T00:00:00Z', undefined, { memory: true, disk: false, pid: false });
  assert.deepEqual(c.map((x) => [x.type, x.status, x.reason]), [
    ['MemoryPressure', 'True', 'KubeletHasInsufficientMemory'], ['DiskPressure', 'False', 'KubeletHasNoDiskPressure'],
    ['PIDPressure', 'False', 'KubeletHasSufficientPID'], ['Ready', 'True', 'KubeletReady'],
  ]);
});

test('node images: largest first, digests and tags as names', () => {
  const imgs = nodeImages([
    { id: 'a', repoTags: ['k8ts.local/pause:3.10'], repoDigests: ['k8ts.local/pause@sha256:aa'], size: 10 },
    { id: 'b', repoTags: ['k8ts.local/busybox:1.35'], repoDigests: [], size: 2000 },
  ] as never);
  assert.deepEqual(imgs, [
    { names: ['k8ts.local/busybox:1.35'], sizeBytes: 2000 },
    { names: ['k8ts.local/pause@sha256:aa', 'k8ts.local/pause:3.10'], sizeBytes: 10 },
  ]);
});
