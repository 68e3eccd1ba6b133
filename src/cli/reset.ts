/**
 * `k8ts reset`: removes this machine's node state under DIR (containers,
 * sandboxes, CNI state, iptables rules of the k8ts pod network, pod
 * cgroups), as `kubeadm reset` does for a node. The control plane's data
 * (DIR/pki, the datastore) is kept; stop `k8ts init`/`k8ts join` first.
 */
import { createLogger } from '../base/logger.ts';
import { str } from './args.ts';
import { DATA_DIR_FLAG, type Command } from './command.ts';

/** The `k8ts reset` command. */
export const resetCommand: Command = {
  name: 'reset',
  summary: "Remove this machine's node state (containers, CNI, iptables rules)",
  usage: `Remove this machine's node state: containers, CNI configuration and
iptables rules. That is every container and pod sandbox of the node's
containerd, pod IPs, the k8ts0 bridge and the iptables rules of the k8ts pod
network, pod cgroups and pod logs. The
control plane's data (DIR/pki, the datastore) is kept. Stop "k8ts init" or
"k8ts join" on this machine first.

Usage:
  k8ts reset [flags]`,
  flags: { ...DATA_DIR_FLAG },
  async run(args) {
    const dir = str(args, 'data-dir');
    const logger = createLogger({ level: 'warn', sink: (l) => process.stderr.write(`${l}\n`) });
    const { resetNode } = await import('../node/runtime/containerd/reset.ts');
    const { POD_CGROUP_ROOT } = await import('../node/runtime/containerd/config.ts');
    const r = await resetNode(dir, POD_CGROUP_ROOT, logger);
    if (r.notes.some((n) => n.startsWith('no node state'))) {
      console.log(`[reset] nothing to do: no node state under ${dir}`);
      return 0;
    }
    console.log(`[reset] removed ${r.containers} containers and ${r.sandboxes} pod sandboxes`);
    console.log(`[reset] unmounted ${r.unmounted} leftover mounts, removed ${r.iptablesRules} iptables rules of the k8ts pod network`);
    console.log(`[reset] deleted the k8ts0 bridge and the containerd, CNI and pod log state under ${dir}`);
    for (const n of r.notes) console.log(`[reset] warning: ${n}`);
    return r.notes.length ? 1 : 0;
  },
};
