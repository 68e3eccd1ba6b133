/**
 * The CSR approver (upstream's csrapproving controller): auto-approves
 * kubelet client certificate requests made by bootstrap tokens
 * (system:bootstrappers, the nodeclient case) and renewals made by the node
 * itself (system:node:<name> asking for its own name, selfnodeclient).
 * Unlike upstream it also approves kubelet serving certificates a node asks
 * for itself, for its own name and addresses (serving-approval.ts).
 * Everything else waits for `kubectl certificate approve`.
 */
import { isK8sError } from '../../../base/errors.ts';
import type { KObject } from '../../../api/types.ts';
import type { Controller, ControllerContext } from '../types.ts';
import { KeyedController } from '../keyed-controller.ts';
import { hasCondition, isKubeletClientRequest, parseRequest, subjectOf, KUBELET_CLIENT_SIGNER, KUBELET_SERVING_SIGNER } from './csr.ts';
import { kubeletServingRefusal, servingRequestNode } from './serving-approval.ts';

const CSRS = { group: 'certificates.k8s.io', version: 'v1', plural: 'certificatesigningrequests' };
const NODES = { group: '', version: 'v1', plural: 'nodes' };

/** Looks a Node up by name (the informer cache); undefined when it does not exist. */
export type NodeGetter = (name: string) => KObject | undefined;

const noNodes: NodeGetter = () => undefined;

/** Why a CSR is approved (the Approved condition's message), or undefined when it is left alone. */
export function autoApprovalMessage(csr: KObject, getNode: NodeGetter = noNodes): string | undefined {
  if (hasCondition(csr, 'Approved') || hasCondition(csr, 'Denied')) return undefined;
  const signer = csr.spec?.signerName;
  if (signer !== KUBELET_CLIENT_SIGNER && signer !== KUBELET_SERVING_SIGNER) return undefined;
  const req = parseRequest(csr);
  if (!req) return undefined;
  if (signer === KUBELET_SERVING_SIGNER) {
    const node = servingRequestNode(csr);
    if (!node || kubeletServingRefusal(csr, req, getNode(node)) !== undefined) return undefined;
    return 'Auto approving kubelet serving certificate for the requesting node\'s own name and addresses.';
  }
  if (!isKubeletClientRequest(csr, req)) return undefined;
  const groups = (csr.spec?.groups ?? []) as string[];
  const message = 'Auto approving kubelet client certificate after SubjectAccessReview.';
  // Until RBAC exists, membership stands in for upstream's SubjectAccessReview of certificatesigningrequests/nodeclient.
  if (groups.includes('system:bootstrappers')) return message;
  return groups.includes('system:nodes') && csr.spec?.username === subjectOf(req).cn ? message : undefined;
}

/** Whether this CSR should be auto-approved. */
export function shouldAutoApprove(csr: KObject, getNode: NodeGetter = noNodes): boolean {
  return autoApprovalMessage(csr, getNode) !== undefined;
}

function addresses(node: KObject): string {
  return JSON.stringify(node.status?.addresses ?? []);
}

/** Factory for the controller manager. */
export function newCSRApprover(ctx: ControllerContext): Controller {
  const csrs = ctx.informers.informerFor<KObject>(CSRS);
  const nodes = ctx.informers.informerFor<KObject>(NODES);
  const getNode: NodeGetter = (name) => nodes.lister.get(name);
  const c = new KeyedController('csrapproving', ctx, async (name) => {
    const csr = csrs.lister.get(name);
    const message = csr && autoApprovalMessage(csr, getNode);
    if (!csr || !message) return;
    const next = structuredClone(csr);
    const now = new Date(ctx.clock.now()).toISOString().replace(/\.\d+Z$/, 'Z');
    next.status = { ...(next.status ?? {}), conditions: [...(next.status?.conditions ?? []), {
      type: 'Approved', status: 'True', reason: 'AutoApproved', message,
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
  // A serving CSR may come before the node's addresses reach this cache: look at its pending ones again when they do.
  const onNode = (n: KObject): void => {
    const user = `system:node:${n.metadata.name ?? ''}`;
    for (const csr of csrs.lister.list()) {
      if (csr.spec?.signerName === KUBELET_SERVING_SIGNER && csr.spec?.username === user && !csr.status?.certificate) on(csr);
    }
  };
  nodes.addEventHandler({ add: onNode, update: (o, n) => { if (addresses(o) !== addresses(n)) onNode(n); } });
  return c;
}
