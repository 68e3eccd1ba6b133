/**
 * NodePorts: host ports are exclusive per node, protocol and IP; 0.0.0.0
 * conflicts with every IP of the same port and protocol.
 */
import { fail, type CycleState, type FilterPlugin, type Status } from '../../types.ts';
import type { NodeInfo } from '../../node-info.ts';
import type { HostPort, PodInfo } from '../../pod-info.ts';

/** Whether `hp` collides with a port in use on the node. */
export function portConflicts(used: ReadonlyMap<string, number>, hp: HostPort): boolean {
  if (used.size === 0) return false;
  if (hp.ip === '0.0.0.0') {
    const suffix = `/${hp.port}`;
    const prefix = `${hp.protocol}/`;
    for (const k of used.keys()) if (k.startsWith(prefix) && k.endsWith(suffix)) return true;
    return false;
  }
  return used.has(`${hp.protocol}/${hp.ip}/${hp.port}`) || used.has(`${hp.protocol}/0.0.0.0/${hp.port}`);
}

/** The NodePorts plugin. */
export class NodePorts implements FilterPlugin {
  readonly name = 'NodePorts';

  filter(_s: CycleState, pod: PodInfo, node: NodeInfo): Status | undefined {
    for (const hp of pod.hostPorts) {
      if (portConflicts(node.usedPorts, hp)) {
        return fail(this.name, 'Unschedulable', "node(s) didn't have free ports for the requested pod ports");
      }
    }
    return undefined;
  }
}
