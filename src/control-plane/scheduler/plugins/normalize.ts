/** Upstream's default score normalizations. */
import { MAX_NODE_SCORE } from '../types.ts';

/** Scale to 0..100 by the maximum (all zero stays zero). */
export function normalizeByMax(scores: number[]): void {
  let max = 0;
  for (const s of scores) if (s > max) max = s;
  for (let i = 0; i < scores.length; i++) scores[i] = max === 0 ? 0 : Math.trunc((MAX_NODE_SCORE * (scores[i] as number)) / max);
}

/** Scale by the maximum, then reverse: fewer is better (all zero becomes 100). */
export function normalizeReverse(scores: number[]): void {
  let max = 0;
  for (const s of scores) if (s > max) max = s;
  for (let i = 0; i < scores.length; i++) {
    scores[i] = max === 0 ? MAX_NODE_SCORE : MAX_NODE_SCORE - Math.trunc((MAX_NODE_SCORE * (scores[i] as number)) / max);
  }
}
