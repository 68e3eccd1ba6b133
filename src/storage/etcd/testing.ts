/** Start and stop a throw-away etcd 3.4 (Debian's /usr/bin/etcd) for tests and benchmarks. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StorageError } from '../types.ts';

/** A running etcd. */
export interface EtcdServer {
  clientUrl: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/** Start etcd on random 127.0.0.1 ports in a temp data dir, default (fsync) durability. */
export async function startEtcd(bin = '/usr/bin/etcd'): Promise<EtcdServer> {
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-bench-etcd-'));
  const [cport, pport] = [await freePort(), await freePort()];
  const clientUrl = `http://127.0.0.1:${cport}`;
  const peerUrl = `http://127.0.0.1:${pport}`;
  const proc: ChildProcess = spawn(bin, [
    '--name', 'bench', '--data-dir', join(dir, 'data'),
    '--listen-client-urls', clientUrl, '--advertise-client-urls', clientUrl,
    '--listen-peer-urls', peerUrl, '--initial-advertise-peer-urls', peerUrl,
    '--initial-cluster', `bench=${peerUrl}`, '--log-level', 'error',
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
  // Wait for /health.
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (proc.exitCode !== null) throw new StorageError('Internal', `etcd exited: ${stderr.slice(-2000)}`);
    try {
      const r = await fetch(`${clientUrl}/health`);
      if (r.ok) break;
    } catch { /* not up yet */ }
    if (Date.now() > deadline) { proc.kill('SIGKILL'); throw new StorageError('Internal', 'etcd did not become healthy'); }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    clientUrl,
    stop: async () => {
      if (proc.exitCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
