/**
 * The root CA publisher: a `kube-root-ca.crt` ConfigMap holding the
 * cluster CA (`ca.crt`) in every active namespace, put back when deleted or
 * edited, so pods can trust the API server (upstream's
 * pkg/controller/certificates/rootcacertpublisher).
 */
import { isK8sError } from '../../../base/errors.ts';
import type { KObject } from '../../../api/types.ts';
import type { Controller, ControllerContext } from '../types.ts';
import { KeyedController } from '../keyed-controller.ts';

/** Name of the published ConfigMap. */
export const ROOT_CA_CONFIGMAP = 'kube-root-ca.crt';
/** Annotation upstream puts on it. */
const DESCRIPTION = 'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.';

const NAMESPACES = { group: '', version: 'v1', plural: 'namespaces' };
const CONFIGMAPS = { group: '', version: 'v1', plural: 'configmaps' };

/** Factory for the controller manager; without a CA in the context it publishes nothing. */
export function newRootCAPublisher(ctx: ControllerContext): Controller {
  const namespaces = ctx.informers.informerFor<KObject>(NAMESPACES);
  const configmaps = ctx.informers.informerFor<KObject>(CONFIGMAPS);
  const ca = ctx.identity?.rootCAPem;
  const c = new KeyedController('root-ca-cert-publisher', ctx, async (ns) => {
    if (!ca) return;
    const n = namespaces.lister.get(ns);
    if (!n || n.metadata.deletionTimestamp || n.status?.phase === 'Terminating') return;
    const cur = configmaps.lister.get(ROOT_CA_CONFIGMAP, ns);
    const ref = { ...CONFIGMAPS, namespace: ns };
    const data = { 'ca.crt': ca };
    const annotations = { 'kubernetes.io/description': DESCRIPTION };
    try {
      if (!cur) {
        await ctx.client.create(ref, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: ROOT_CA_CONFIGMAP, namespace: ns, annotations }, data });
        return;
      }
      if (cur.data?.['ca.crt'] === ca && Object.keys(cur.data ?? {}).length === 1 && cur.metadata.annotations?.['kubernetes.io/description'] === DESCRIPTION) return;
      const next = structuredClone(cur);
      next.data = data;
      next.metadata.annotations = { ...(next.metadata.annotations ?? {}), ...annotations };
      await ctx.client.update({ ...ref, name: ROOT_CA_CONFIGMAP }, next);
    } catch (e) {
      // Terminating or vanished namespace: nothing to publish. AlreadyExists/Conflict (a stale cache) retry with backoff.
      if (!isK8sError(e, 'Forbidden') && !isK8sError(e, 'NotFound')) throw e;
    }
  });
  const byName = (ns: KObject): void => { if (ns.metadata.name) c.enqueue(ns.metadata.name); };
  namespaces.addEventHandler({ add: byName, update: (_o, n) => byName(n) });
  const cm = (o: KObject): void => { if (o.metadata.name === ROOT_CA_CONFIGMAP && o.metadata.namespace) c.enqueue(o.metadata.namespace); };
  configmaps.addEventHandler({ update: (_o, n) => cm(n), delete: cm });
  return c;
}
