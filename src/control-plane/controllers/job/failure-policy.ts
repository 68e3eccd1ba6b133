/**
 * spec.podFailurePolicy (pure): the first rule matching a failed pod's
 * container exit codes or pod conditions decides FailJob, FailIndex,
 * Ignore or Count; no match means Count.
 */
import type { KObject } from '../../../api/types.ts';

/** What a rule does with a matching failed pod. */
export type FailureAction = 'FailJob' | 'FailIndex' | 'Ignore' | 'Count';

interface ExitCodesRule { containerName?: string; operator: 'In' | 'NotIn'; values: number[] }
interface ConditionPattern { type: string; status?: string }
interface Rule { action: FailureAction; onExitCodes?: ExitCodesRule; onPodConditions?: ConditionPattern[] }

/** The matching rule's action and a message as upstream words it, or undefined when nothing matches. */
export function matchFailurePolicy(job: KObject, pod: KObject): { action: FailureAction; message: string } | undefined {
  const rules = (job.spec?.podFailurePolicy?.rules ?? []) as Rule[];
  const who = `Pod ${pod.metadata.namespace}/${pod.metadata.name}`;
  for (const [i, r] of rules.entries()) {
    if (r.onExitCodes) {
      const c = exitCodeMatch(pod, r.onExitCodes);
      if (c) return { action: r.action, message: `Container ${c.name} for pod ${pod.metadata.namespace}/${pod.metadata.name} failed with exit code ${c.code} matching ${r.action} rule at index ${i}` };
    }
    if (r.onPodConditions) {
      const conds = (pod.status?.conditions ?? []) as Array<{ type: string; status: string }>;
      const hit = r.onPodConditions.find((p) => conds.some((c) => c.type === p.type && c.status === (p.status ?? 'True')));
      if (hit) return { action: r.action, message: `${who} has condition ${hit.type} matching ${r.action} rule at index ${i}` };
    }
  }
  return undefined;
}

function exitCodeMatch(pod: KObject, r: ExitCodesRule): { name: string; code: number } | undefined {
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])] as
    Array<{ name: string; state?: { terminated?: { exitCode: number } } }>;
  for (const s of statuses) {
    if (r.containerName && s.name !== r.containerName) continue;
    const code = s.state?.terminated?.exitCode;
    // Exit code 0 never matches (upstream: successful containers are skipped).
    if (code === undefined || code === 0) continue;
    if ((r.operator === 'In') === r.values.includes(code)) return { name: s.name, code };
  }
  return undefined;
}
