/**
 * containerd as a child process of the node agent (as k3s runs it): the
 * generated config is written at every start, an answering socket is reused
 * (a containerd left from a previous run keeps its containers), a stale one
 * is removed. Stopping containerd leaves containers running: their shims
 * outlive it, and the next containerd re-attaches to them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { K8sError } from '../../../base/errors.ts';
import type { Logger } from '../../../base/logger.ts';
import { CriConnection } from '../cri/grpc.ts';
import { containerdConfig, type ContainerdPaths } from './config.ts';

/** A containerd this process started (or found running). */
export interface ContainerdProcess {
  endpoint: string;
  /** True when this process started it (and so stops it). */
  owned: boolean;
  stop(): Promise<void>;
}

/** Whether a CRI server answers Version on `socket` within `timeoutMs`. */
export async function criAnswers(socket: string, timeoutMs: number): Promise<boolean> {
  const conn = new CriConnection(socket, timeoutMs);
  try {
    await conn.waitReady(timeoutMs);
    await conn.rt('Version', { version: 'v1' }, timeoutMs);
    return true;
  } catch {
    return false;
  } finally {
    conn.close();
  }
}

/** Start containerd with the generated config and wait until its CRI service answers. */
export async function startContainerd(p: ContainerdPaths, logger: Logger, opts: { binary?: string; readyTimeoutMs?: number } = {}): Promise<ContainerdProcess> {
  const endpoint = `unix://${p.socket}`;
  for (const d of [p.base, p.root, p.state, p.cniConfDir, p.cniDataDir]) await mkdir(d, { recursive: true });
  await writeFile(p.config, containerdConfig(p));
  if (await criAnswers(p.socket, 1000)) {
    logger.info('reusing running containerd', { socket: p.socket });
    return { endpoint, owned: false, stop: async () => {} };
  }
  await rm(p.socket, { force: true });
  const log = openSync(p.log, 'a');
  let child: ChildProcess;
  try {
    child = spawn(opts.binary ?? 'containerd', ['--config', p.config], { stdio: ['ignore', log, log] });
  } finally {
    closeSync(log);
  }
  let exited: number | null | undefined;
  const exit = new Promise<void>((resolve) => child.once('exit', (code) => { exited = code; resolve(); }));
  child.once('error', (e) => logger.error('containerd failed to start', { err: e.message }));
  const deadline = Date.now() + (opts.readyTimeoutMs ?? 30_000);
  while (!(await criAnswers(p.socket, 1000))) {
    if (exited !== undefined || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new K8sError('ServiceUnavailable', `containerd did not become ready (exit ${String(exited)}); see ${p.log}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  logger.info('containerd started', { pid: child.pid, socket: p.socket });
  return {
    endpoint,
    owned: true,
    async stop() {
      if (exited !== undefined) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exit;
      clearTimeout(timer);
    },
  };
}
