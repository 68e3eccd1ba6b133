/**
 * Completion indexes of Indexed Jobs (pure): the interval notation of
 * status.completedIndexes ("1,3-5,7"), a pod's index, and which indexes
 * still need a pod.
 */
import type { KObject } from '../../../api/types.ts';

export const INDEX_ANNOTATION = 'batch.kubernetes.io/job-completion-index';

/** Parse "1,3-5" into a set (invalid parts ignored). */
export function parseIndexes(s: string | undefined, completions: number): Set<number> {
  const out = new Set<number>();
  for (const part of (s ?? '').split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) continue;
    const lo = Number(m[1]);
    const hi = m[2] === undefined ? lo : Number(m[2]);
    for (let i = lo; i <= hi && i < completions; i++) out.add(i);
  }
  return out;
}

/** Format a set of indexes as upstream does: ascending, runs of 2+ as ranges. */
export function formatIndexes(set: Iterable<number>): string {
  const xs = [...new Set(set)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < xs.length;) {
    let j = i;
    while (j + 1 < xs.length && xs[j + 1] === (xs[j] as number) + 1) j++;
    parts.push(j === i ? String(xs[i]) : `${xs[i]}-${xs[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

/** A pod's completion index, or undefined when missing or out of range. */
export function podIndex(pod: KObject, completions: number): number | undefined {
  const v = pod.metadata.annotations?.[INDEX_ANNOTATION] ?? pod.metadata.labels?.[INDEX_ANNOTATION];
  if (v === undefined || !/^(0|[1-9]\d*)$/.test(v)) return undefined;
  const n = Number(v);
  return n < completions ? n : undefined;
}

/** The lowest `count` indexes neither completed nor held by an active pod. */
export function pendingIndexes(completions: number, completed: Set<number>, active: Set<number>, count: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < completions && out.length < count; i++) if (!completed.has(i) && !active.has(i)) out.push(i);
  return out;
}
