/**
 * Issue 6 item 6 on real containerd: kubectl logs, exec (plain, -i, -it
 * through tmux), port-forward with an HTTP request to busybox httpd, and cp
 * both ways, for kubectl 1.32 and Debian's 1.20. Everything (k8ts, kubectl,
 * tmux's kubectl, wget) runs in the test's network namespace
 * (containerd-node.ts): only loopback and pod IPs inside it are reached.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUSYBOX, eventually, startNetnsNode, unsupported, type NetnsNode } from './containerd-node.ts';
import { exec } from './helpers/exec.ts';
import { KUBECTL_120, KUBECTL_132 } from './helpers/paths.ts';

const skip = unsupported();
let node: NetnsNode;
const KUBECTLS = [['1.32', KUBECTL_132], ['1.20', KUBECTL_120]] as const;

const pod = (name: string, command: string[], restartPolicy = 'Always') => JSON.stringify({
  apiVersion: 'v1', kind: 'Pod', metadata: { name },
  spec: { restartPolicy, terminationGracePeriodSeconds: 1, containers: [{ name: 'main', image: BUSYBOX, command }] },
});

before(async () => {
  if (skip) return;
  node = await startNetnsNode();
  const pods = [
    pod('ticker', ['sh', '-c', 'echo started; echo oops >&2; while true; do echo tick; sleep 1; done']),
    pod('crashy', ['sh', '-c', 'echo life-$(cat /proc/uptime | cut -d. -f1); sleep 2; exit 1']),
    pod('www', ['sh', '-c', 'mkdir -p /www && echo hello from www > /www/index.html && exec httpd -f -p 8080 -h /www']),
  ];
  for (const p of pods) assert.equal((await node.kubectl(['apply', '-f', '-'], p)).code, 0);
  for (const name of ['ticker', 'www']) {
    const r = await node.kubectl(['wait', '--for=condition=Ready', `pod/${name}`, '--timeout=90s']);
    assert.equal(r.code, 0, r.stderr);
  }
});
after(async () => { await node?.dispose(); });

function nsArgs(cmd: string, args: string[]): string[] {
  return [`--net=/run/netns/${node.netns}`, cmd, ...args];
}

for (const [v, kubectlPath] of KUBECTLS) {
  const k = (args: string[], input?: string, timeoutMs = 30_000) => exec('nsenter', nsArgs(kubectlPath, ['--kubeconfig', join(node.dir, 'admin.conf'), ...args]),
    { input, timeoutMs, env: { ...process.env, HOME: node.dir } });

  test(`kubectl ${v} logs on containerd: --tail, --timestamps, -f, --previous`, { skip, timeout: 90_000 }, async () => {
    // Three ticks: the stderr line lands within the first second, so the last two lines are then ticks.
    await eventually('three ticks logged', async () => ((await k(['logs', 'ticker'])).stdout.match(/tick/g) ?? []).length >= 3 ? true : undefined);
    const all = await k(['logs', 'ticker']);
    assert.equal(all.code, 0, all.stderr);
    // stdout and stderr are separate pipes: their relative order is not fixed.
    const lines = all.stdout.split('\n');
    assert.ok(lines.includes('oops'), all.stdout);
    assert.equal(lines.filter((l) => l !== 'oops')[0], 'started', all.stdout);
    assert.match(all.stdout, /\ntick\n/);
    assert.equal((await k(['logs', 'ticker', '--tail=1'])).stdout, 'tick\n');
    const ts = await k(['logs', 'ticker', '--tail=2', '--timestamps']);
    assert.match(ts.stdout, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z tick\n\d{4}-.*Z tick\n$/);
    const f = await k(['logs', '-f', 'ticker', '--tail=0'], undefined, 3500);
    assert.ok((f.stdout.match(/tick/g) ?? []).length >= 2, f.stdout);
    await eventually('crashy restarted', async () => {
      const r = await node.kubectl(['get', 'pod', 'crashy', '-o', 'jsonpath={.status.containerStatuses[0].restartCount}']);
      return Number(r.stdout) >= 1 ? true : undefined;
    }, 60_000);
    const prev = await k(['logs', 'crashy', '--previous']);
    assert.equal(prev.code, 0, prev.stderr);
    assert.match(prev.stdout, /^life-\d+\n$/);
    const none = await k(['logs', 'ticker', '--previous']);
    assert.notEqual(none.code, 0);
    assert.match(none.stderr, /previous terminated container "main" in pod "ticker" not found/);
  });

  test(`kubectl ${v} exec on containerd: ls /, exit codes, stdin`, { skip, timeout: 90_000 }, async () => {
    const ls = await k(['exec', 'ticker', '--', 'ls', '/']);
    assert.equal(ls.code, 0, ls.stderr);
    assert.match(ls.stdout, /^bin\n[\s\S]*\nproc\n[\s\S]*\netc\n|\bproc\b/);
    const both = await k(['exec', 'ticker', '--', 'sh', '-c', 'echo out; echo err >&2; exit 3']);
    assert.equal(both.code, 3, both.stderr);
    assert.equal(both.stdout, 'out\n');
    assert.match(both.stderr, /err\n[\s\S]*command terminated with exit code 3/);
    const cat = await k(['exec', '-i', 'ticker', '--', 'cat'], 'line one\nline two\n');
    assert.deepEqual([cat.code, cat.stdout], [0, 'line one\nline two\n'], cat.stderr);
    const wc = await k(['exec', '-i', 'ticker', '--', 'wc', '-c'], 'x'.repeat(200_000));
    assert.equal(wc.stdout.trim(), '200000', wc.stderr);
  });

  test(`kubectl ${v} exec -it on containerd drives a shell through tmux`, { skip, timeout: 60_000 }, async () => {
    const session = `k8ts-ctrd-${v.replace('.', '')}-${process.pid}`;
    const tmux = (...a: string[]) => execFileSync('tmux', a, { encoding: 'utf8' });
    tmux('new-session', '-d', '-s', session, '-x', '120', '-y', '30',
      `HOME=${node.dir} nsenter --net=/run/netns/${node.netns} ${kubectlPath} --kubeconfig ${join(node.dir, 'admin.conf')} exec -it ticker -- sh; sleep 30`);
    try {
      const screen = async (re: RegExp) => {
        for (let i = 0; i < 75; i++) {
          const s = tmux('capture-pane', '-p', '-t', session);
          if (re.test(s)) return s;
          await new Promise((r) => setTimeout(r, 200));
        }
        assert.fail(`terminal never showed ${re}:\n${tmux('capture-pane', '-p', '-t', session)}`);
      };
      await screen(/^\/ #\s*$/m);
      tmux('send-keys', '-t', session, 'echo tty-ok; hostname; tty', 'Enter');
      tmux('send-keys', '-t', session, 'cd /tmp && pwd', 'Enter');
      const s = await screen(/^\/tmp #\s*$/m);
      assert.match(s, /^tty-ok\nticker\n\/dev\/pts\/\d+$/m);
      assert.match(s, /^\/tmp$/m);
      tmux('send-keys', '-t', session, 'exit', 'Enter');
      await screen(/\/tmp # exit\n/);
    } finally {
      tmux('kill-session', '-t', session);
    }
  });

  test(`kubectl ${v} port-forward on containerd reaches busybox httpd`, { skip, timeout: 60_000 }, async () => {
    const port = v === '1.32' ? 18081 : 18082;
    const pf = spawn('nsenter', nsArgs(kubectlPath, ['--kubeconfig', join(node.dir, 'admin.conf'), 'port-forward', 'pod/www', `${port}:8080`, '--address', '127.0.0.1']),
      { env: { ...process.env, HOME: node.dir }, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let out = '';
      await new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`port-forward not ready: ${out}`)), 20_000);
        const on = (d: Buffer) => { out += d; if (out.includes('Forwarding from')) { clearTimeout(t); resolve(); } };
        pf.stdout.on('data', on);
        pf.stderr.on('data', on);
      });
      for (let i = 0; i < 3; i++) {
        const r = await node.inNetns('wget', ['-qO-', '-T', '10', `http://127.0.0.1:${port}/`], 15_000);
        assert.equal(r.code, 0, r.stderr + out);
        assert.equal(r.stdout, 'hello from www\n');
      }
      const missing = await node.inNetns('wget', ['-O-', '-T', '10', `http://127.0.0.1:${port}/missing.html`], 15_000);
      assert.notEqual(missing.code, 0);
      assert.match(missing.stderr, /404 Not Found/);
    } finally {
      pf.kill('SIGTERM');
    }
  });

  test(`kubectl ${v} cp on containerd copies files and directories both ways`, { skip, timeout: 60_000 }, async () => {
    const src = join(node.dir, `cp-src-${v}`);
    mkdirSync(join(src, 'dir/sub'), { recursive: true });
    writeFileSync(join(src, 'a.txt'), `file a ${v}\n`);
    writeFileSync(join(src, 'dir/sub/b.txt'), 'nested b\n');
    const up1 = await k(['cp', join(src, 'a.txt'), `ticker:/tmp/a-${v}.txt`]);
    assert.equal(up1.code, 0, up1.stderr);
    assert.equal((await k(['exec', 'ticker', '--', 'cat', `/tmp/a-${v}.txt`])).stdout, `file a ${v}\n`);
    const up = await k(['cp', join(src, 'dir'), `ticker:/tmp/dir-${v}`]);
    assert.equal(up.code, 0, up.stderr);
    assert.equal((await k(['exec', 'ticker', '--', 'cat', `/tmp/dir-${v}/sub/b.txt`])).stdout, 'nested b\n');
    const back = join(node.dir, `back-${v}.txt`);
    const down = await k(['cp', `ticker:/tmp/a-${v}.txt`, back]);
    assert.equal(down.code, 0, down.stderr);
    assert.equal(readFileSync(back, 'utf8'), `file a ${v}\n`);
    const downDir = await k(['cp', `ticker:/tmp/dir-${v}`, join(node.dir, `back-dir-${v}`)]);
    assert.equal(downDir.code, 0, downDir.stderr);
    assert.equal(readFileSync(join(node.dir, `back-dir-${v}`, 'sub/b.txt'), 'utf8'), 'nested b\n');
  });
}
