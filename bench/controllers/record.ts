/**
 * Records one run of bench/controllers/run.ts in the "Controllers
 * (bench/controllers)" section of docs/benchmarks.md.
 */
import { appendRun, type RecordedRun } from '../record-section.ts';

/** One run to record. */
export interface ControllersRun extends Omit<RecordedRun, 'label'> {
  mode: string;
}

/** Write the run into docs/benchmarks.md. */
export function recordRun(run: ControllersRun): void {
  appendRun('## Controllers (bench/controllers)', 'bench/controllers/run.ts', { ...run, label: run.mode });
}
