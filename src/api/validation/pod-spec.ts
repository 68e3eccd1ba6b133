/**
 * PodSpec validation, shared by Pods and every pod template.
 */
import type { FieldError } from '../types.ts';
import { invalid, notSupported, required } from './field-errors.ts';
import { type ContainerContext, positiveInt32, validateContainer } from './container.ts';
import { validateVolumes } from './volumes.ts';
import { validateLabels } from './object-meta.ts';
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName } from './names.ts';
import { type Obj, arr, isInt, isObj, obj } from './util.ts';

/** Restart policies a pod may have. */
export const RESTART_POLICIES = ['Always', 'Never', 'OnFailure'];
const DNS_POLICIES = ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'];
const TOLERATION_OPS = ['Equal', 'Exists'];
const TAINT_EFFECTS = ['NoExecute', 'NoSchedule', 'PreferNoSchedule'];

function validateTolerations(tols: unknown, p: string): FieldError[] {
  const errs: FieldError[] = [];
  arr(tols).forEach((raw, i) => {
    const t = obj(raw);
    const tp = `${p}[${i}]`;
    if (t.key) for (const m of isQualifiedName(t.key)) errs.push(invalid(`${tp}.key`, t.key, m));
    if (!t.key && t.operator !== 'Exists') {
      errs.push(invalid(`${tp}.operator`, t.operator ?? '', 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    }
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null && t.effect !== 'NoExecute') {
      errs.push(invalid(`${tp}.effect`, t.effect ?? '', 'effect must be \'NoExecute\' when `tolerationSeconds` is set'));
    }
    if (t.operator !== undefined && t.operator !== '' && !TOLERATION_OPS.includes(t.operator)) {
      errs.push(notSupported(`${tp}.operator`, t.operator, TOLERATION_OPS));
    }
    if (t.operator === 'Exists' && t.value) errs.push(invalid(`${tp}.operator`, t.value, 'value must be empty when `operator` is \'Exists\''));
    if (t.effect !== undefined && t.effect !== '' && !TAINT_EFFECTS.includes(t.effect)) {
      errs.push(notSupported(`${tp}.effect`, t.effect, TAINT_EFFECTS));
    }
  });
  return errs;
}

/** Options of {@link validatePodSpec}. */
export interface PodSpecOptions {
  /** Allowed restart policies (templates of workloads restrict them). */
  restartPolicies?: string[];
}

/** Validates a PodSpec at path `p` (`spec` or `spec.template.spec`). */
export function validatePodSpec(specRaw: unknown, p: string, opts: PodSpecOptions = {}): FieldError[] {
  if (!isObj(specRaw)) return [required(p)];
  const spec: Obj = specRaw;
  const { errs, names: volumes } = validateVolumes(spec.volumes, `${p}.volumes`);
  const names = new Set<string>();
  arr(spec.initContainers).forEach((c, i) => {
    const ctx: ContainerContext = { volumes, names, init: true };
    errs.push(...validateContainer(obj(c), `${p}.initContainers[${i}]`, ctx));
  });
  const containers = arr(spec.containers);
  if (containers.length === 0) errs.push(required(`${p}.containers`));
  containers.forEach((c, i) => errs.push(...validateContainer(obj(c), `${p}.containers[${i}]`, { volumes, names })));
  const rp = spec.restartPolicy;
  if (!rp) errs.push(required(`${p}.restartPolicy`));
  else if (!RESTART_POLICIES.includes(rp)) errs.push(notSupported(`${p}.restartPolicy`, rp, RESTART_POLICIES));
  else if (opts.restartPolicies && !opts.restartPolicies.includes(rp)) {
    errs.push(notSupported(`${p}.restartPolicy`, rp, opts.restartPolicies));
  }
  const dp = spec.dnsPolicy;
  if (!dp) errs.push(required(`${p}.dnsPolicy`));
  else if (!DNS_POLICIES.includes(dp)) errs.push(notSupported(`${p}.dnsPolicy`, dp, DNS_POLICIES));
  else if (dp === 'None' && !isObj(spec.dnsConfig)) {
    errs.push(required(`${p}.dnsConfig`, "must provide `dnsConfig` when `dnsPolicy` is None"));
  }
  if (isObj(spec.dnsConfig) && arr(spec.dnsConfig.nameservers).length > 3) {
    errs.push(invalid(`${p}.dnsConfig.nameservers`, spec.dnsConfig.nameservers, 'must not have more than 3 nameservers'));
  }
  errs.push(...positiveInt32(spec.activeDeadlineSeconds, `${p}.activeDeadlineSeconds`));
  const tgp = spec.terminationGracePeriodSeconds;
  if (tgp !== undefined && tgp !== null && !isInt(tgp)) errs.push(invalid(`${p}.terminationGracePeriodSeconds`, tgp, 'must be an integer'));
  errs.push(...validateLabels(spec.nodeSelector, `${p}.nodeSelector`));
  errs.push(...validateTolerations(spec.tolerations, `${p}.tolerations`));
  for (const f of ['serviceAccountName', 'nodeName', 'priorityClassName']) {
    if (spec[f]) for (const m of isDNS1123Subdomain(String(spec[f]))) errs.push(invalid(`${p}.${f}`, spec[f], m));
  }
  for (const f of ['hostname', 'subdomain']) {
    if (spec[f]) for (const m of isDNS1123Label(String(spec[f]))) errs.push(invalid(`${p}.${f}`, spec[f], m));
  }
  if (spec.hostNetwork === true) {
    containers.forEach((c, i) => arr(obj(c).ports).forEach((pt, j) => {
      const port = obj(pt);
      if (port.hostPort !== undefined && port.hostPort !== port.containerPort) {
        errs.push(invalid(`${p}.containers[${i}].ports[${j}].containerPort`, port.containerPort, 'must match `hostPort` when `hostNetwork` is true'));
      }
    }));
  }
  return errs;
}
