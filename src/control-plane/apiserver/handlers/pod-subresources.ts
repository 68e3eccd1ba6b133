/**
 * POST pods/{name}/binding (the scheduler's bind) and pods/{name}/eviction
 * (policy/v1 Eviction: refused with 429 while a PodDisruptionBudget forbids
 * it, see disruption-budget.ts).
 */
import { K8sError } from '../../../base/errors.ts';
import { successStatus } from '../../../api/status.ts';
import { updateObject } from '../registry/update.ts';
import { deleteObject } from '../registry/delete.ts';
import { getObject } from '../registry/read.ts';
import { checkDisruptionBudget } from './disruption-budget.ts';
import { readBody, decodeObject } from '../http/body.ts';
import { sendJSON } from '../http/respond.ts';
import { isDryRun, requestNamespace, type HandlerContext } from './context.ts';

/** POST pods/{name}/binding */
export async function handleBinding(h: HandlerContext): Promise<void> {
  const body = decodeObject(await readBody(h.req), h.req.headers['content-type']) as { target?: { name?: string; kind?: string } };
  const node = body.target?.name;
  if (!node) {
    throw new K8sError('Invalid', `Binding.core "${h.info.name}" is invalid: target.name: Required value`, {
      kind: 'Binding', name: h.info.name, causes: [{ reason: 'FieldValueRequired', message: 'Required value', field: 'target.name' }],
    });
  }
  const ns = requestNamespace(h);
  const now = new Date(h.reg.clock.now()).toISOString().replace(/\.\d+Z$/, 'Z');
  await updateObject(h.reg, h.resource, ns, h.info.name, (cur) => {
    const pod = cur!;
    if (pod.metadata.deletionTimestamp) throw new K8sError('Conflict', `pod ${pod.metadata.name} is being deleted, cannot be assigned to a host`);
    if (pod.spec?.nodeName) {
      throw new K8sError('Conflict', `Operation cannot be fulfilled on pods/binding "${pod.metadata.name}": pod ${pod.metadata.name} is already assigned to node "${pod.spec.nodeName}"`);
    }
    pod.spec = { ...(pod.spec ?? {}), nodeName: node };
    const conds = (pod.status?.conditions ?? []).filter((c: { type: string }) => c.type !== 'PodScheduled');
    conds.push({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: now });
    pod.status = { ...(pod.status ?? {}), conditions: conds };
    return pod;
  }, { dryRun: isDryRun(h), subresource: 'binding' });
  sendJSON(h.res, 201, successStatus());
}

/** POST pods/{name}/eviction */
export async function handleEviction(h: HandlerContext): Promise<void> {
  const body = decodeObject(await readBody(h.req), h.req.headers['content-type']) as { deleteOptions?: { gracePeriodSeconds?: number; dryRun?: string[] } };
  const dry = isDryRun(h) || (body.deleteOptions?.dryRun ?? []).includes('All');
  const ns = requestNamespace(h);
  const pod = await getObject(h.reg, h.resource, ns, h.info.name);
  await checkDisruptionBudget(h.reg, pod, dry);
  // The pod evicted is the pod checked: a replacement under the same name is not deleted by this eviction.
  await deleteObject(h.reg, h.resource, ns, h.info.name, {
    gracePeriodSeconds: body.deleteOptions?.gracePeriodSeconds, dryRun: dry, preconditions: { uid: pod.metadata.uid },
  });
  sendJSON(h.res, 201, successStatus());
}
