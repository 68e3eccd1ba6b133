/**
 * `k8ts join`: joins this machine as a node. The node agent (kubelet,
 * runtime, proxy) is not part of this build yet, so it says so plainly.
 */
import { DATA_DIR_FLAG, type Command } from './command.ts';

/** The `k8ts join` command. */
export const joinCommand: Command = {
  name: 'join',
  summary: 'Join this machine to a cluster as a node',
  usage: `Join this machine to a k8ts cluster as a node.

Usage:
  k8ts join <host>:<port> --token <id.secret> --discovery-token-ca-cert-hash sha256:<hex> [flags]

The token and the hash are printed by "k8ts init" and by
"k8ts token create --print-join-command" on the control-plane machine.`,
  flags: {
    ...DATA_DIR_FLAG,
    token: { type: 'string', help: 'bootstrap token (id.secret) to authenticate with' },
    'discovery-token-ca-cert-hash': { type: 'string', help: 'sha256:<hex> pin of the cluster CA public key' },
    'node-name': { type: 'string', help: 'node name (default: the host name)' },
    runtime: { type: 'string', default: 'containerd', help: 'container runtime: containerd or fake' },
  },
  async run() {
    process.stderr.write('k8ts join: the node agent is not available in this build yet; run "k8ts init --control-plane-only" for a control plane without nodes\n');
    return 2;
  },
};
