/**
 * Records one run of bench/pod-startup/run.ts in the "Pod startup
 * (bench/pod-startup)" section of docs/benchmarks.md.
 */
import { appendRun, type RecordedRun } from '../record-section.ts';

/** One run to record. */
export type PodStartupRun = Omit<RecordedRun, 'label'>;

/** Write the run into docs/benchmarks.md. */
export function recordPodStartup(run: PodStartupRun): void {
  appendRun('## Pod startup (bench/pod-startup)', 'bench/pod-startup/run.ts', run);
}
