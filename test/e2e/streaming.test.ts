/**
 * Issue 6 item 6: kubectl logs, exec (plain, -i, -it through tmux),
 * port-forward and cp against `k8ts init --runtime fake`, with kubectl 1.32
 * (WebSocket v5 for exec, SPDY tunneled in WebSocket for port-forward) and
 * Debian's kubectl 1.20 (SPDY/3.1 for everything). The simulated runtime
 * runs a built-in shell and a loopback-free httpd (docs/design/streaming.md);
 * every connection here is to 127.0.0.1.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { startCluster, requireKubectl, KUBECTL_120, KUBECTL_132, type Cluster } from './helpers/cluster.ts';

let cluster: Cluster;
let work: string;
const KUBECTLS = [['1.32', KUBECTL_132], ['1.20', KUBECTL_120]] as const;

const POD = (name: string, command: string[], annotations: Record<string, string> = {}) => JSON.stringify({
  apiVersion: 'v1', kind: 'Pod', metadata: { name, annotations },
  spec: { containers: [{ name: 'main', image: 'busybox', command }] },
});

async function waitRunning(name: string): Promise<void> {
  const r = await cluster.kubectl(['wait', '--for=condition=Ready', `pod/${name}`, '--timeout=60s']);
  assert.equal(r.code, 0, r.stderr + cluster.logs().slice(-2000));
}

before(async () => {
  requireKubectl(KUBECTL_132);
  requireKubectl(KUBECTL_120);
  cluster = await startCluster({ runtime: 'fake' });
  work = mkdtempSync(join(tmpdir(), 'k8ts-e2e-streaming-'));
  const ticker = POD('ticker', ['sh', '-c', 'echo started; echo oops >&2; while true; do echo tick; sleep 1; done']);
  const crashy = POD('crashy', ['sh', '-c', 'echo first-life; while true; do sleep 1; done'], { 'k8ts.io/sim-fail-after': '2s' });
  const www = POD('www', ['httpd', '-f', '-p', '8080', '-h', '/www']);
  for (const p of [ticker, crashy, www]) assert.equal((await cluster.kubectl(['apply', '-f', '-'], { input: p })).code, 0);
  await waitRunning('ticker');
  await waitRunning('www');
});
after(async () => {
  await cluster?.dispose();
  if (work) rmSync(work, { recursive: true, force: true });
});

test('discovery lists the pod streaming subresources', async () => {
  const r = await cluster.kubectl(['get', '--raw', '/api/v1']);
  const names = (JSON.parse(r.stdout) as { resources: Array<{ name: string }> }).resources.map((x) => x.name);
  for (const s of ['pods/log', 'pods/exec', 'pods/attach', 'pods/portforward']) assert.ok(names.includes(s), s);
});

for (const [v, kubectlPath] of KUBECTLS) {
  const k = (args: string[], input?: string) => cluster.kubectl(args, { kubectlPath, input, timeoutMs: 30_000 });

  test(`kubectl ${v} logs: --tail, --timestamps, -f, --previous`, async () => {
    const all = await k(['logs', 'ticker']);
    assert.equal(all.code, 0, all.stderr);
    assert.match(all.stdout, /^started\noops\ntick\n/);
    // --tail=2 below must see two ticks: wait for the second one (one per second) instead of racing it.
    for (let i = 0; i < 50 && ((await k(['logs', 'ticker'])).stdout.match(/tick/g) ?? []).length < 2; i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const tail = await k(['logs', 'ticker', '--tail=1']);
    assert.equal(tail.stdout, 'tick\n');
    const ts = await k(['logs', 'ticker', '--tail=2', '--timestamps']);
    assert.match(ts.stdout, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z tick\n\d{4}-.*Z tick\n$/);
    // -f keeps streaming new lines until we stop it.
    const f = await cluster.kubectl(['logs', '-f', 'ticker', '--tail=0'], { kubectlPath, timeoutMs: 3500 });
    assert.ok((f.stdout.match(/tick/g) ?? []).length >= 2, f.stdout);
    // crashy's first container exits after 2 s and is restarted: --previous shows the first life.
    for (let i = 0; i < 60; i++) {
      const restarts = await cluster.kubectl(['get', 'pod', 'crashy', '-o', 'jsonpath={.status.containerStatuses[0].restartCount}']);
      if (Number(restarts.stdout) >= 1) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const prev = await k(['logs', 'crashy', '--previous']);
    assert.equal(prev.code, 0, prev.stderr);
    assert.equal(prev.stdout, 'first-life\n');
    const none = await k(['logs', 'ticker', '--previous']);
    assert.notEqual(none.code, 0);
    assert.match(none.stderr, /previous terminated container "main" in pod "ticker" not found/);
  });

  test(`kubectl ${v} exec: output, exit codes, stdin`, async () => {
    const hi = await k(['exec', 'ticker', '--', 'echo', 'hi']);
    assert.deepEqual([hi.code, hi.stdout], [0, 'hi\n'], hi.stderr);
    const both = await k(['exec', 'ticker', '--', 'sh', '-c', 'echo out; echo err >&2; exit 3']);
    assert.equal(both.code, 3);
    assert.equal(both.stdout, 'out\n');
    assert.match(both.stderr, /err\n[\s\S]*command terminated with exit code 3/);
    const ls = await k(['exec', 'ticker', '--', 'ls', '/']);
    assert.match(ls.stdout, /^bin\ndev\netc\n/);
    const cat = await k(['exec', '-i', 'ticker', '--', 'cat'], 'line one\nline two\n');
    assert.deepEqual([cat.code, cat.stdout], [0, 'line one\nline two\n'], cat.stderr);
    const missing = await k(['exec', 'ticker', '--', 'nosuchcmd']);
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /executable file not found in \$PATH/);
  });

  test(`kubectl ${v} exec -it drives a shell through a terminal (tmux)`, async () => {
    const session = `k8ts-e2e-${v.replace('.', '')}-${process.pid}`;
    const tmux = (...a: string[]) => execFileSync('tmux', a, { encoding: 'utf8' });
    tmux('new-session', '-d', '-s', session, '-x', '120', '-y', '30',
      `KUBECONFIG=${cluster.kubeconfig} HOME=${join(cluster.dir, 'kubectl-home')} ${kubectlPath} exec -it ticker -- sh; sleep 30`);
    try {
      const screen = async (re: RegExp) => {
        for (let i = 0; i < 50; i++) {
          const s = tmux('capture-pane', '-p', '-t', session);
          if (re.test(s)) return s;
          await new Promise((r) => setTimeout(r, 200));
        }
        assert.fail(`terminal never showed ${re}:\n${tmux('capture-pane', '-p', '-t', session)}`);
      };
      await screen(/^\/ #\s*$/m);
      tmux('send-keys', '-t', session, 'echo tty-ok; hostname', 'Enter');
      tmux('send-keys', '-t', session, 'cd /tmp && pwd', 'Enter');
      const s = await screen(/^\/tmp #\s*$/m);
      assert.match(s, /^\/ # echo tty-ok; hostname\ntty-ok\n/m);
      assert.match(s, /^ticker$/m);
      assert.match(s, /^\/tmp$/m);
      tmux('send-keys', '-t', session, 'exit', 'Enter');
      await screen(/\/tmp # exit\n/);
    } finally {
      tmux('kill-session', '-t', session);
    }
  });

  test(`kubectl ${v} port-forward reaches the pod's httpd`, async () => {
    const w = await k(['exec', 'www', '--', 'sh', '-c', `mkdir -p /www && echo hello from www ${v} > /www/index.html`]);
    assert.equal(w.code, 0, w.stderr);
    const port = await freePort();
    const pf = spawn(kubectlPath, ['--kubeconfig', cluster.kubeconfig, 'port-forward', 'pod/www', `${port}:8080`, '--address', '127.0.0.1'],
      { env: { ...process.env, HOME: join(cluster.dir, 'kubectl-home') }, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let out = '';
      await new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`port-forward not ready: ${out}`)), 20_000);
        const on = (d: Buffer) => { out += d; if (out.includes('Forwarding from')) { clearTimeout(t); resolve(); } };
        pf.stdout.on('data', on);
        pf.stderr.on('data', on);
      });
      for (let i = 0; i < 2; i++) {
        const r = await httpGet(`http://127.0.0.1:${port}/`);
        assert.deepEqual(r, { status: 200, body: `hello from www ${v}\n` });
      }
      assert.equal((await httpGet(`http://127.0.0.1:${port}/missing.html`)).status, 404);
    } finally {
      pf.kill('SIGTERM');
    }
  });

  test(`kubectl ${v} cp copies files and directories both ways`, async () => {
    const src = join(work, `src-${v}`);
    mkdirSync(join(src, 'dir/sub'), { recursive: true });
    writeFileSync(join(src, 'a.txt'), `file a ${v}\n`);
    writeFileSync(join(src, 'dir/sub/b.txt'), 'nested b\n');
    assert.equal((await k(['cp', join(src, 'a.txt'), `ticker:/tmp/a-${v}.txt`])).code, 0);
    assert.equal((await k(['exec', 'ticker', '--', 'cat', `/tmp/a-${v}.txt`])).stdout, `file a ${v}\n`);
    const up = await k(['cp', join(src, 'dir'), `ticker:/tmp/dir-${v}`]);
    assert.equal(up.code, 0, up.stderr);
    assert.equal((await k(['exec', 'ticker', '--', 'cat', `/tmp/dir-${v}/sub/b.txt`])).stdout, 'nested b\n');
    const down = await k(['cp', `ticker:/tmp/a-${v}.txt`, join(work, `back-${v}.txt`)]);
    assert.equal(down.code, 0, down.stderr);
    assert.equal(readFileSync(join(work, `back-${v}.txt`), 'utf8'), `file a ${v}\n`);
    const downDir = await k(['cp', `ticker:/tmp/dir-${v}`, join(work, `back-dir-${v}`)]);
    assert.equal(downDir.code, 0, downDir.stderr);
    assert.equal(readFileSync(join(work, `back-dir-${v}`, 'sub/b.txt'), 'utf8'), 'nested b\n');
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

function httpGet(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}
