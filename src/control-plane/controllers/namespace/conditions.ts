/**
 * The namespace deletion conditions, computed from one deletion attempt.
 * Pure functions: the same progress always yields the same status, so the
 * controller writes status only when something changed. Reasons and messages
 * follow upstream's wording because users and tools read them
 * (`kubectl describe ns`).
 */

/** `v1.NamespaceCondition`. */
export interface NamespaceCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

/** The condition types the namespace controller owns, in upstream's order. */
export const CONDITION_TYPES = [
  'NamespaceDeletionDiscoveryFailure',
  'NamespaceDeletionGroupVersionParsingFailure',
  'NamespaceDeletionContentFailure',
  'NamespaceContentRemaining',
  'NamespaceFinalizersRemaining',
] as const;

const OK: Record<(typeof CONDITION_TYPES)[number], { reason: string; message: string }> = {
  NamespaceDeletionDiscoveryFailure: { reason: 'ResourcesDiscovered', message: 'All resources successfully discovered' },
  NamespaceDeletionGroupVersionParsingFailure: { reason: 'ParsedGroupVersions', message: 'All legacy kube types successfully parsed' },
  NamespaceDeletionContentFailure: { reason: 'ContentDeleted', message: 'All content successfully deleted, may be waiting on finalization' },
  NamespaceContentRemaining: { reason: 'ContentRemoved', message: 'All content successfully removed' },
  NamespaceFinalizersRemaining: { reason: 'ContentHasNoFinalizers', message: 'All content-preserving finalizers finished' },
};

/** What one deletion pass found. */
export interface DeletionProgress {
  /** group-version -> error message, for group-versions discovery could not read. */
  discoveryFailures: Map<string, string>;
  /** Errors deleting or listing content, one per resource. */
  contentErrors: string[];
  /** `resource.group` -> number of objects still there. */
  remaining: Map<string, number>;
  /** finalizer -> number of objects still carrying it. */
  finalizers: Map<string, number>;
}

const sortedJoin = (m: Map<string, number>, fmt: (k: string, n: number) => string): string =>
  [...m.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => fmt(k, n)).join(', ');

/** The failing conditions of one pass (types not listed are healthy). */
export function failedConditions(p: DeletionProgress): NamespaceCondition[] {
  const out: NamespaceCondition[] = [];
  if (p.discoveryFailures.size > 0) {
    const parts = [...p.discoveryFailures.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([gv, m]) => `${gv}: ${m}`);
    out.push({ type: 'NamespaceDeletionDiscoveryFailure', status: 'True', reason: 'DiscoveryFailed',
      message: `Discovery failed for some groups, ${parts.length} failing: unable to retrieve the complete list of server APIs: ${parts.join(', ')}` });
  }
  if (p.contentErrors.length > 0) {
    const errs = [...p.contentErrors].sort();
    out.push({ type: 'NamespaceDeletionContentFailure', status: 'True', reason: 'ContentDeletionFailed',
      message: `Failed to delete all resource types, ${errs.length} remaining: ${errs.join(', ')}` });
  }
  if (p.remaining.size > 0) {
    out.push({ type: 'NamespaceContentRemaining', status: 'True', reason: 'SomeResourcesRemain',
      message: `Some resources are remaining: ${sortedJoin(p.remaining, (k, n) => `${k} has ${n} resource instances`)}` });
  }
  if (p.finalizers.size > 0) {
    out.push({ type: 'NamespaceFinalizersRemaining', status: 'True', reason: 'SomeFinalizersRemain',
      message: `Some content in the namespace has finalizers remaining: ${sortedJoin(p.finalizers, (k, n) => `${k} in ${n} resource instances`)}` });
  }
  return out;
}

/**
 * Merge a pass's outcome into the stored conditions: every owned type gets
 * its failing or healthy condition. The transition time changes only when
 * the status flips, as upstream. Other condition types are kept. Returns the
 * new list and whether anything changed.
 */
export function mergeConditions(
  existing: NamespaceCondition[] | undefined,
  failed: NamespaceCondition[],
  nowIso: string,
): { conditions: NamespaceCondition[]; changed: boolean } {
  const conditions = (existing ?? []).map((c) => ({ ...c }));
  let changed = false;
  for (const type of CONDITION_TYPES) {
    const want = failed.find((c) => c.type === type) ?? { type, status: 'False' as const, ...OK[type] };
    const cur = conditions.find((c) => c.type === type);
    if (!cur) {
      conditions.push({ ...want, lastTransitionTime: nowIso });
      changed = true;
    } else if (cur.status !== want.status) {
      Object.assign(cur, want, { lastTransitionTime: nowIso });
      changed = true;
    } else if (cur.reason !== want.reason || cur.message !== want.message) {
      cur.reason = want.reason;
      cur.message = want.message;
      changed = true;
    }
  }
  return { conditions, changed };
}

/** RFC 3339 with seconds, as metav1.Time serialises. */
export function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
