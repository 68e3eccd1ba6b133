/**
 * The scheduler's contract: the plugin interfaces of the scheduling
 * framework (pre-filter, filter, pre-score, score with normalization), the
 * status a failing filter returns, and the per-cycle state plugins share.
 *
 * The cycle runs synchronously on one JS tick, so plugins read the live
 * cache ({@link NodeInfo}) without the snapshotting upstream needs for
 * its parallel goroutines.
 */
import type { KObject } from '../../api/types.ts';
import type { NodeInfo } from './node-info.ts';
import type { PodInfo } from './pod-info.ts';

/** Highest score a plugin gives a node after normalization (upstream MaxNodeScore). */
export const MAX_NODE_SCORE = 100;

/** Why a node was rejected; the codes upstream's preemption distinguishes. */
export type StatusCode = 'Unschedulable' | 'UnschedulableAndUnresolvable' | 'Error';

/** A failed pre-filter or filter: reasons are the texts summed up in FailedScheduling. */
export interface Status {
  code: StatusCode;
  /** Human-readable reasons, e.g. "Insufficient cpu". */
  reasons: string[];
  /** The plugin that failed. */
  plugin: string;
}

/** Build a failure status. */
export function fail(plugin: string, code: StatusCode, ...reasons: string[]): Status {
  return { code, reasons, plugin };
}

/** Data plugins compute in pre-filter/pre-score and read per node; keyed by plugin name. */
export type CycleState = Map<string, unknown>;

/** What a plugin can see of the cluster besides the node it judges. */
export interface ClusterView {
  /** Every node, in the cache's stable order. */
  nodes(): readonly NodeInfo[];
  /** Labels of a namespace (for namespaceSelector); undefined when unknown. */
  namespaceLabels(ns: string): Record<string, string> | undefined;
  /** True while any cached pod has (anti-)affinity terms: lets InterPodAffinity skip work. */
  havePodsWithAffinity(): boolean;
  /** On how many nodes an image (normalized name) is present. */
  imageNodeCount(image: string): number;
  /** Pods nominated to a node by preemption, waiting for their victims to go. */
  nominatedPods(node: string): readonly PodInfo[] | undefined;
}

/** Every plugin has a name (as in the KubeSchedulerConfiguration). */
export interface Plugin {
  readonly name: string;
}

/** Runs once per scheduling attempt before any filter. */
export interface PreFilterPlugin extends Plugin {
  /** Return a status to reject the pod everywhere (e.g. invalid spec); undefined when fine. */
  preFilter(state: CycleState, pod: PodInfo, cluster: ClusterView): Status | undefined;
  /**
   * Adjust pre-computed state as if `victim` were removed from (sign -1) or
   * added to (sign +1) `node`; preemption uses it to try removals.
   */
  updateState?(state: CycleState, pod: PodInfo, victim: PodInfo, node: NodeInfo, sign: 1 | -1): void;
}

/** Decides whether a pod may run on a node. */
export interface FilterPlugin extends Plugin {
  /** undefined when the pod fits. */
  filter(state: CycleState, pod: PodInfo, node: NodeInfo): Status | undefined;
}

/** Runs once per attempt over the feasible nodes before scoring. */
export interface PreScorePlugin extends Plugin {
  preScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], cluster: ClusterView): void;
}

/** Ranks feasible nodes. */
export interface ScorePlugin extends Plugin {
  /** Raw score of one node (0..MAX_NODE_SCORE unless normalize rescales it). */
  score(state: CycleState, pod: PodInfo, node: NodeInfo): number;
  /** Rescale the raw scores in place (same order as the nodes scored). */
  normalize?(state: CycleState, pod: PodInfo, scores: number[]): void;
}

/** A score plugin with its weight in the profile. */
export interface WeightedScorePlugin {
  plugin: ScorePlugin;
  weight: number;
}

/** The plugins of one scheduling profile, in run order. */
export interface Profile {
  schedulerName: string;
  preFilter: PreFilterPlugin[];
  filter: FilterPlugin[];
  preScore: PreScorePlugin[];
  score: WeightedScorePlugin[];
}

/** A Pod as the scheduler reads it (fields are kind-specific, so loosely typed). */
export type Pod = KObject;
/** A Node as the scheduler reads it. */
export type Node = KObject;
