import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { parseArgs } from './args.ts';
import { initCommand, initOptions, runInit } from './init.ts';
import { startFakeApiServer, fakeStore } from '../cluster/testing/fake-apiserver.ts';
import type { ControlPlaneDeps } from '../cluster/control-plane.ts';

const BIN = fileURLToPath(new URL('../../bin/k8ts', import.meta.url));
const run = promisify(execFile);

test('initOptions applies the contract defaults', () => {
  const o = initOptions(parseArgs([], initCommand.flags!));
  assert.equal(o.dataDir, process.env.K8TS_DATA_DIR || '/var/lib/k8ts');
  assert.equal(o.port, 6443);
  assert.equal(o.bindAddress, '0.0.0.0');
  assert.equal(o.advertiseAddress, undefined);
  assert.equal(o.podNetworkCIDR, '10.42.0.0/16');
  assert.equal(o.serviceCIDR, '10.43.0.0/16');
  assert.equal(o.runtime, 'containerd');
  assert.equal(o.controlPlaneOnly, false);
  assert.equal(o.datastore, 'sqlite');
  assert.equal(initOptions(parseArgs(['--datastore', 'etcd://a:2379,b:2379'], initCommand.flags!)).datastore, 'etcd://a:2379,b:2379');
});

test('runInit prints the kubeconfig, KUBECONFIG hint and join line, then stops cleanly on SIGTERM; token CLI works against it', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-cli-init-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const store = fakeStore();
  const order: string[] = [];
  const deps: ControlPlaneDeps = {
    openStore: async () => store,
    async startApiServer(cfg) {
      const api = await startFakeApiServer(cfg);
      return { port: api.port, close: async () => { order.push(`api closed, store closed=${store.closed}`); await api.close(); } };
    },
  };
  const args = parseArgs(['--data-dir', dir, '--port', '0', '--bind-address', '127.0.0.1', '--advertise-address', '127.0.0.1'], initCommand.flags!);
  const lines: string[] = [];
  const code = await (async () => {
    let settled = false;
    const p = runInit(args, deps, (l) => lines.push(l + '\n'));
    p.finally(() => { settled = true; }).catch(() => {});
    // Wait for the join line; stop waiting if init ended (it failed) so the test reports instead of hanging.
    while (!lines.join('').includes('k8ts join ')) {
      if (settled) await p;
      assert.ok(!settled, `init ended before printing the join line:\n${lines.join('')}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    const text = lines.join('');
    const port = /k8ts join 127\.0\.0\.1:(\d+) /.exec(text)![1];
    // The token command, as a separate process, talks to the running server with DIR/admin.conf.
    const env = { ...process.env, K8TS_DATA_DIR: dir };
    const created = (await run(BIN, ['token', 'create', '--ttl', '1h'], { env })).stdout.trim();
    assert.match(created, /^[a-z0-9]{6}\.[a-z0-9]{16}$/);
    const list = (await run(BIN, ['token', 'list'], { env })).stdout;
    assert.match(list, /^TOKEN\s+TTL\s+EXPIRES\s+USAGES\s+DESCRIPTION\s+EXTRA GROUPS$/m);
    assert.ok(list.includes(created));
    assert.match(list, new RegExp(`${created}\\s+(59m|1h)\\s+\\S+Z\\s+authentication,signing\\s+<none>\\s+system:bootstrappers:kubeadm:default-node-token`));
    const join1 = (await run(BIN, ['token', 'create', '--print-join-command'], { env })).stdout.trim();
    assert.match(join1, new RegExp(`^k8ts join 127\\.0\\.0\\.1:${port} --token [a-z0-9]{6}\\.[a-z0-9]{16} --discovery-token-ca-cert-hash sha256:[0-9a-f]{64}$`));
    assert.equal((await run(BIN, ['token', 'delete', created], { env })).stdout.trim(), `bootstrap token "${created.slice(0, 6)}" deleted`);
    await assert.rejects(run(BIN, ['token', 'delete', created.slice(0, 6)], { env }), /not found/);
    await assert.rejects(run(BIN, ['token', 'create', '--ttl', 'soon'], { env }), (e: { code?: number }) => e.code === 2);
    const version = (await run(BIN, ['version'], { env })).stdout;
    assert.match(version, /Server Version: v1\.32\.0-k8ts/);
    process.emit('SIGTERM');
    return p;
  })();
  const out = lines.join('');
  assert.equal(code, 0);
  assert.ok(out.includes(`export KUBECONFIG=${join(dir, 'admin.conf')}`), out);
  assert.match(out, /The admin kubeconfig is .*admin\.conf/);
  // containerd is the default runtime now; these deps start no node agent, so nothing about it is printed.
  assert.doesNotMatch(out, /not available in this build/);
  assert.match(out, /^  k8ts join 127\.0\.0\.1:\d+ --token [a-z0-9]{6}\.[a-z0-9]{16} --discovery-token-ca-cert-hash sha256:[0-9a-f]{64}$/m);
  assert.match(out, /\[shutdown\] SIGTERM received/);
  assert.deepEqual(order, ['api closed, store closed=false']);
  assert.ok(store.closed);
  assert.equal(process.listenerCount('SIGTERM'), 0, 'signal handlers removed');
});
