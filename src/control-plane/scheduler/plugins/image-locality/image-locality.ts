/**
 * ImageLocality: nodes that already have the pod's images score higher,
 * by image size scaled by how widely the image is spread (an image on
 * every node says little), clamped between 23 MB and 1000 MB per container.
 */
import { MAX_NODE_SCORE, type ClusterView, type CycleState, type PreScorePlugin, type ScorePlugin } from '../../types.ts';
import { normalizeImage, type NodeInfo } from '../../node-info.ts';
import type { PodInfo } from '../../pod-info.ts';

const MB = 1024 * 1024;
const MIN_THRESHOLD = 23 * MB;
const MAX_CONTAINER_THRESHOLD = 1000 * MB;

interface State { images: string[]; spread: Map<string, number>; total: number }

/** The ImageLocality plugin. */
export class ImageLocality implements PreScorePlugin, ScorePlugin {
  readonly name = 'ImageLocality';

  preScore(state: CycleState, pod: PodInfo, _nodes: readonly NodeInfo[], cluster: ClusterView): void {
    const images = [...(pod.pod.spec?.initContainers ?? []), ...(pod.pod.spec?.containers ?? [])]
      .map((c: { image?: string }) => c.image).filter((i: string | undefined): i is string => !!i).map(normalizeImage);
    const spread = new Map<string, number>();
    for (const img of images) spread.set(img, cluster.imageNodeCount(img));
    state.set(this.name, { images, spread, total: cluster.nodes().length } satisfies State);
  }

  score(state: CycleState, _pod: PodInfo, node: NodeInfo): number {
    const s = state.get(this.name) as State | undefined;
    if (!s || node.images.size === 0 || s.total === 0) return 0;
    let sum = 0;
    for (const img of s.images) {
      const size = node.images.get(img);
      if (size !== undefined) sum += size * ((s.spread.get(img) ?? 0) / s.total);
    }
    const max = MAX_CONTAINER_THRESHOLD * s.images.length;
    const clamped = Math.min(Math.max(sum, MIN_THRESHOLD), max);
    return Math.trunc((MAX_NODE_SCORE * (clamped - MIN_THRESHOLD)) / (max - MIN_THRESHOLD));
  }
}
