/**
 * The result bookkeeping of one probe, upstream's worker without the loop:
 * consecutive successes and failures against successThreshold and
 * failureThreshold, reset when the container instance changes, with the
 * initial result of each probe type (readiness starts failed, liveness
 * succeeded, startup unknown). Pure, so every rule is unit tested.
 */

/** liveness, readiness or startup. */
export type ProbeType = 'liveness' | 'readiness' | 'startup';

/** Timing and thresholds of a probe with upstream's defaults applied. */
export interface ProbeTiming { initialDelayMs: number; periodMs: number; timeoutSeconds: number; successThreshold: number; failureThreshold: number }

/** The timing of a probe spec, defaults as upstream (period 10 s, timeout 1 s, thresholds 1 and 3). */
export function probeTiming(spec: Record<string, unknown>): ProbeTiming {
  const n = (k: string, d: number, min: number) => Math.max(min, typeof spec[k] === 'number' ? (spec[k] as number) : d);
  return {
    initialDelayMs: n('initialDelaySeconds', 0, 0) * 1000,
    periodMs: n('periodSeconds', 10, 1) * 1000,
    timeoutSeconds: n('timeoutSeconds', 1, 1),
    successThreshold: n('successThreshold', 1, 1),
    failureThreshold: n('failureThreshold', 3, 1),
  };
}

/** Result of a probe for the current container instance. */
export type ProbeResult = 'success' | 'failure' | 'unknown';

/** Counters of one probe on one container instance. */
export class ProbeState {
  containerId?: string;
  result: ProbeResult;
  private successes = 0;
  private failures = 0;

  constructor(readonly type: ProbeType, readonly timing: ProbeTiming) {
    this.result = this.initial();
  }

  private initial(): ProbeResult {
    return this.type === 'readiness' ? 'failure' : this.type === 'liveness' ? 'success' : 'unknown';
  }

  /** A new container instance (or none): start over. */
  reset(containerId: string | undefined): void {
    this.containerId = containerId;
    this.successes = 0;
    this.failures = 0;
    this.result = this.initial();
  }

  /** Record one run; returns true when the result changed. */
  record(ok: boolean): boolean {
    const before = this.result;
    if (ok) { this.successes++; this.failures = 0; } else { this.failures++; this.successes = 0; }
    if (ok && this.successes >= (this.type === 'readiness' ? this.timing.successThreshold : 1)) this.result = 'success';
    if (!ok && this.failures >= this.timing.failureThreshold) this.result = 'failure';
    return before !== this.result;
  }
}
