/**
 * Per-pod behaviour of simulated containers, read from pod annotations
 * (CRI hands them to the runtime in PodSandboxConfig.annotations), so
 * controllers' failure paths can be exercised on simulated nodes:
 *
 *   k8ts.io/sim-start-delay: 2s      containers take this long to start
 *   k8ts.io/sim-fail-after: 5s       containers exit (code 1 unless sim-exit-code) after running this long
 *   k8ts.io/sim-complete-after: 5s   containers exit 0 after running this long (Jobs)
 *   k8ts.io/sim-exit-code: "3"       exit code of sim-fail-after
 *   k8ts.io/sim-never-ready: "true"  containers run but never become ready
 *   k8ts.io/sim-init-duration: 1s    init containers run this long, then exit
 *   k8ts.io/sim-init-exit-code: "1"  exit code of init containers (default 0)
 */
import { K8sError } from '../../../base/errors.ts';

/** Annotation prefix of the simulated runtime. */
export const SIM_PREFIX = 'k8ts.io/sim-';

/** What the annotations ask for; undefined fields use the runtime's defaults. */
export interface SimStages {
  startDelayMs?: number;
  /** Regular containers exit after running this long. */
  exitAfterMs?: number;
  exitCode: number;
  neverReady: boolean;
  initDurationMs?: number;
  initExitCode: number;
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Parse a Go-style duration ("500ms", "5s", "1m30s"); K8sError BadRequest if malformed. */
export function parseDuration(text: string): number {
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/gy;
  let total = 0;
  let matched = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    total += Number(m[1]) * (UNIT_MS[m[2] as string] as number);
    matched = re.lastIndex;
  }
  if (text === '' || matched !== text.length) throw new K8sError('BadRequest', `invalid duration ${JSON.stringify(text)}`);
  return Math.round(total);
}

function duration(a: Record<string, string>, key: string): number | undefined {
  const v = a[SIM_PREFIX + key];
  if (v === undefined) return undefined;
  try { return parseDuration(v.trim()); } catch { return undefined; }
}

function int(a: Record<string, string>, key: string, dflt: number): number {
  const n = Number(a[SIM_PREFIX + key]);
  return Number.isInteger(n) && a[SIM_PREFIX + key] !== undefined ? n : dflt;
}

/** Read the stages from pod annotations; malformed values are ignored (a typo must not break the pod). */
export function parseSimStages(annotations: Record<string, string> = {}): SimStages {
  const fail = duration(annotations, 'fail-after');
  const complete = duration(annotations, 'complete-after');
  return {
    startDelayMs: duration(annotations, 'start-delay'),
    exitAfterMs: fail ?? complete,
    exitCode: fail !== undefined ? int(annotations, 'exit-code', 1) : 0,
    neverReady: annotations[SIM_PREFIX + 'never-ready'] === 'true',
    initDurationMs: duration(annotations, 'init-duration'),
    initExitCode: int(annotations, 'init-exit-code', 0),
  };
}
