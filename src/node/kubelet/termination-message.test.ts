import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KObject } from '../../api/types.ts';
import type { ContainerStatus } from '../runtime/types.ts';
import { TerminationMessages, terminationMessageFile } from './termination-message.ts';

const podOf = (name: string, uid: string) => ({ metadata: { name, namespace: 'default', uid }, spec: { containers: [{ name: 'main' }] } }) as KObject;

function exited(id: string, attempt = 0): ContainerStatus {
  return {
    id, podSandboxId: 's', metadata: { name: 'main', attempt }, state: 'CONTAINER_EXITED', createdAt: 1, startedAt: 1, finishedAt: 2,
    exitCode: 1, image: { image: 'busybox' }, imageRef: '', reason: 'Error', message: '', labels: {}, annotations: {},
  };
}

async function write(root: string, pod: KObject, attempt: number, text: string): Promise<void> {
  const file = terminationMessageFile(root, pod, 'main', attempt);
  await mkdir(join(file, '..'), { recursive: true });
  await writeFile(file, text);
}

test('filling one pod keeps the cached messages of the others; a pod\'s entries go when its containers do, or with forget', async () => {
  const root = await mkdtemp(join(tmpdir(), 'k8ts-termmsg-'));
  try {
    const a = podOf('a', 'ua');
    const b = podOf('b', 'ub');
    await write(root, a, 0, 'a0');
    await write(root, b, 0, 'b0');
    const m = new TerminationMessages(root);
    const msg = async (pod: KObject, list: ContainerStatus[]) => (await m.fill(pod, list)).map((c) => c.message);
    assert.deepEqual(await msg(a, [exited('a-c0')]), ['a0']);
    assert.deepEqual(await msg(b, [exited('b-c0')]), ['b0']);
    assert.equal(m.pods, 2, 'filling b kept a\'s entries');

    // The files change on disk: cached entries are not read again, whichever pod was filled in between.
    await write(root, a, 0, 'a0 changed');
    await write(root, b, 0, 'b0 changed');
    assert.deepEqual(await msg(a, [exited('a-c0')]), ['a0']);
    assert.deepEqual(await msg(b, [exited('b-c0')]), ['b0']);

    // a's first instance is removed and a new one exits: only a's old entry goes.
    await write(root, a, 1, 'a1');
    assert.deepEqual(await msg(a, [exited('a-c1', 1)]), ['a1']);
    assert.deepEqual(await msg(a, [exited('a-c0'), exited('a-c1', 1)]), ['a0 changed', 'a1'], 'a-c0 was dropped, so it is read again');
    assert.deepEqual(await msg(b, [exited('b-c0')]), ['b0'], 'b untouched');

    // A pod with no containers left has no entry; forget drops a removed pod's.
    await m.fill(a, []);
    assert.equal(m.pods, 1);
    m.forget('ub');
    assert.equal(m.pods, 0);
    assert.deepEqual(await msg(b, [exited('b-c0')]), ['b0 changed']);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
