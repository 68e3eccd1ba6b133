/**
 * The CSR approver (upstream's csrapproving controller): auto-approves
 * kubelet client certificate requests made by bootstrap tokens
 * (system:bootstrappers, the nodeclient case) and renewals made by the node
 * itself (system:node:<name> asking for its own name, selfnodeclient).
 * Everything else waits for `kubectl certificate approve`.
 */
import { isK8sError } from '../../../base/errors.ts';
import type { KObject } from '../../../api/types.ts';
import type { Controller, ControllerContext } from '../types.ts';
import { KeyedController } from '../keyed-controller.ts';
import { hasCondition, isKubeletClientRequest, parseRequest, subjectOf, KUBELET_CLIENT_SIGNER } from './csr.ts';

const CSRS = { group: 'certificates.k8s.io', version: 'v1', plural: 'certificatesigningrequests' };

/** Whether this CSR should be auto-approved. */
export function shouldAutoApprove(csr: KObject): boolean {
  if (csr.spec?.signerName !== KUBELET_CLIENT_SIGNER) return false;
  if (hasCondition(csr, 'Approved') || hasCondition(csr, 'Denied')) return false;
  const req = parseRequest(csr);
  if (!req || !isKubeletClientRequest(csr, req)) return false;
  const groups = (csr.spec?.groups ?? []) as string[];
  // Until RBAC exists, membership stands in for upstream's SubjectAccessReview of certificatesigningrequests/nodeclient.
  if (groups.includes('system:bootstrappers')) return true;
  return groups.includes('system:nodes') && csr.spec?.username === subjectOf(req).cn;
}

/** Factory for the controller manager. */
export function newCSRApprover(ctx: ControllerContext): Controller {
  const csrs = ctx.informers.informerFor<KObject>(CSRS);
  const c = new KeyedController('csrapproving', ctx, async (name) => {
    const csr = csrs.lister.get(name);
    if (!csr || !shouldAutoApprove(csr)) return;
    const next = structuredClone(csr);
    const now = new Date(ctx.clock.now()).toISOString().replace(/\.\d+Z$/, 'Z');
    next.status = { ...(next.status ?? {}), conditions: [...(next.status?.conditions ?? []), {
      type: 'Approved', status: 'True', reason: 'AutoApproved',
      message: 'Auto approving kubelet client certificate after SubjectAccessReview.',
      lastUpdateTime: now, lastTransitionTime: now,
    }] };
    try {
      await ctx.client.update({ ...CSRS, name, subresource: 'approval' }, next);
    } catch (e) {
      if (!isK8sError(e, 'NotFound')) throw e;
    }
  });
  const on = (o: KObject): void => { if (o.metadata.name) c.enqueue(o.metadata.name); };
  csrs.addEventHandler({ add: on, update: (_o, n) => on(n) });
  return c;
}
