/**
 * The default profile: upstream's default plugins with their default score
 * weights (TaintToleration 3; NodeAffinity, PodTopologySpread and
 * InterPodAffinity 2; the rest 1).
 */
import type { Profile } from '../types.ts';
import { BalancedAllocation } from './balanced-allocation/balanced-allocation.ts';
import { ImageLocality } from './image-locality/image-locality.ts';
import { InterPodAffinity } from './inter-pod-affinity/inter-pod-affinity.ts';
import { NodeAffinity } from './node-affinity/node-affinity.ts';
import { NodeName } from './node-name/node-name.ts';
import { NodePorts } from './node-ports/node-ports.ts';
import { NodeResourcesFit } from './node-resources-fit/node-resources-fit.ts';
import { NodeUnschedulable } from './node-unschedulable/node-unschedulable.ts';
import { PodTopologySpread } from './pod-topology-spread/pod-topology-spread.ts';
import { TaintToleration } from './taint-toleration/taint-toleration.ts';

/** A fresh default profile for `schedulerName`. */
export function defaultProfile(schedulerName = 'default-scheduler'): Profile {
  const fit = new NodeResourcesFit();
  const taints = new TaintToleration();
  const nodeAffinity = new NodeAffinity();
  const spread = new PodTopologySpread();
  const podAffinity = new InterPodAffinity();
  const images = new ImageLocality();
  return {
    schedulerName,
    preFilter: [spread, podAffinity],
    // Cheap, unresolvable checks first, as upstream orders them.
    filter: [new NodeUnschedulable(), new NodeName(), taints, nodeAffinity, new NodePorts(), fit, spread, podAffinity],
    preScore: [spread, podAffinity, images],
    score: [
      { plugin: fit, weight: 1 },
      { plugin: new BalancedAllocation(), weight: 1 },
      { plugin: images, weight: 1 },
      { plugin: taints, weight: 3 },
      { plugin: nodeAffinity, weight: 2 },
      { plugin: spread, weight: 2 },
      { plugin: podAffinity, weight: 2 },
    ],
  };
}
