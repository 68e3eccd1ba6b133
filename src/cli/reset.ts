/**
 * `k8ts reset`: removes this machine's node state. Without a node agent
 * there is no node state to remove yet, so it refuses clearly.
 */
import { DATA_DIR_FLAG, type Command } from './command.ts';

/** The `k8ts reset` command. */
export const resetCommand: Command = {
  name: 'reset',
  summary: "Remove this machine's node state (containers, CNI, iptables rules)",
  usage: `Remove this machine's node state: containers, CNI configuration and iptables rules.

Usage:
  k8ts reset [flags]`,
  flags: { ...DATA_DIR_FLAG },
  async run() {
    process.stderr.write('k8ts reset: the node agent is not available in this build yet, so there is no node state to reset; to discard a control plane, stop "k8ts init" and delete its --data-dir\n');
    return 2;
  },
};
