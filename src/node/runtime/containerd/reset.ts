/**
 * Node reset (`k8ts reset`): removes every sandbox and container of this
 * node's containerd through CRI (which runs CNI DEL, so IPs and the
 * portmap/masquerade iptables rules go too), stops containerd, unmounts
 * what is left under DIR, deletes the k8ts0 bridge, leftover iptables rules
 * of the k8ts CNI network, the pod masquerade chain, pod cgroups and DIR's
 * containerd/CNI/pod-log state.
 * The control plane's data (pki/, the datastore) is kept.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Logger } from '../../../base/logger.ts';
import { CNI_BRIDGE, CNI_NETWORK_NAME } from '../../network/cni-config.ts';
import { removePodMasquerade } from '../../network/masquerade.ts';
import { cgroupHierarchies, removeCgroupTree } from '../cgroups.ts';
import { CriRuntime } from '../cri/cri-runtime.ts';
import { containerdPaths } from './config.ts';
import { startContainerd } from './process.ts';

const run = promisify(execFile);

/** What a reset did, for the command's report. */
export interface ResetReport { sandboxes: number; containers: number; unmounted: number; iptablesRules: number; notes: string[] }

/** Remove this node's containers and network state under `dir`. */
export async function resetNode(dir: string, cgroupRoot: string, logger: Logger): Promise<ResetReport> {
  const paths = containerdPaths(dir);
  const report: ResetReport = { sandboxes: 0, containers: 0, unmounted: 0, iptablesRules: 0, notes: [] };
  // Machine-wide leftovers (bridge, iptables, cgroups) are only touched when DIR ran a node.
  if (!existsSync(paths.base) && !existsSync(join(dir, 'cni'))) { report.notes.push(`no node state under ${dir}`); return report; }
  if (existsSync(paths.config)) {
    const proc = await startContainerd(paths, logger);
    const rt = new CriRuntime({ endpoint: proc.endpoint, logger });
    try {
      for (const c of await rt.listContainers()) {
        await rt.stopContainer(c.id, 0).catch(() => undefined);
        await rt.removeContainer(c.id);
        report.containers++;
      }
      for (const sb of await rt.listPodSandbox()) {
        await rt.stopPodSandbox(sb.id);
        await rt.removePodSandbox(sb.id);
        report.sandboxes++;
      }
    } catch (e) {
      report.notes.push(`CRI cleanup incomplete: ${(e as Error).message}`);
    } finally {
      await rt.close();
      await proc.stop();
    }
  }
  report.unmounted = await unmountUnder([paths.base, join(dir, 'pods'), join(dir, 'kubelet')]);
  await run('ip', ['link', 'del', CNI_BRIDGE]).catch(() => undefined);
  report.iptablesRules = await removeCniRules() + await removePodMasquerade();
  await removeCgroups(cgroupRoot);
  for (const d of [paths.base, join(dir, 'cni'), join(dir, 'pods'), join(dir, 'kubelet')]) await rm(d, { recursive: true, force: true });
  return report;
}

/** Lazily unmount every mount point under the given directories, deepest first. */
async function unmountUnder(dirs: string[]): Promise<number> {
  const info = await readFile('/proc/self/mountinfo', 'utf8');
  const points = info.split('\n').map((l) => l.split(' ')[4]).filter((p): p is string => !!p)
    .map((p) => p.replace(/\\040/g, ' '))
    .filter((p) => dirs.some((d) => p === d || p.startsWith(`${d}/`)))
    .sort((a, b) => b.length - a.length);
  let n = 0;
  for (const p of points) if (await run('umount', ['-l', p]).then(() => true, () => false)) n++;
  return n;
}

/** Delete nat/filter rules commented with the k8ts CNI network's name, and the CNI-* chains they jump to. */
async function removeCniRules(): Promise<number> {
  let removed = 0;
  for (const table of ['nat', 'filter']) {
    const saved = await run('iptables-save', ['-t', table]).then((r) => r.stdout, () => '');
    const marker = `name: \\"${CNI_NETWORK_NAME}\\"`;
    const chains = new Set<string>();
    for (const line of saved.split('\n')) {
      if (!line.startsWith('-A ') || !line.includes(marker)) continue;
      const args = line.slice(3).match(/"(?:[^"\\]|\\.)*"|\S+/g) ?? [];
      const unq = args.map((a) => (a.startsWith('"') ? a.slice(1, -1).replace(/\\"/g, '"') : a));
      if (await run('iptables', ['-t', table, '-D', ...unq]).then(() => true, () => false)) removed++;
      const jump = unq[unq.indexOf('-j') + 1];
      if (jump?.startsWith('CNI-') && !jump.startsWith('CNI-HOSTPORT')) chains.add(jump);
    }
    for (const c of chains) {
      await run('iptables', ['-t', table, '-F', c]).catch(() => undefined);
      await run('iptables', ['-t', table, '-X', c]).catch(() => undefined);
    }
  }
  return removed;
}

/** Remove the (empty, once containers are gone) pod cgroups under `root` in every hierarchy. */
async function removeCgroups(root: string): Promise<void> {
  for (const h of await cgroupHierarchies()) {
    const d = join(h, root);
    if (existsSync(d)) await removeCgroupTree(d);
  }
}
