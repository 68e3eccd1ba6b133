/**
 * The bootstrap signer: keeps a `jws-kubeconfig-<token id>` entry in the
 * kube-public/cluster-info ConfigMap for every bootstrap token usable for
 * signing (usage-bootstrap-signing=true, not expired), and drops entries of
 * tokens that are gone, as upstream's pkg/controller/bootstrap signer.
 */
import { isK8sError } from '../../../base/errors.ts';
import type { KObject } from '../../../api/types.ts';
import { secretToToken, isExpired, type SecretObject } from '../../../cluster/bootstrap-token.ts';
import { computeDetachedSignature } from '../../../cluster/jws.ts';
import type { Controller, ControllerContext } from '../types.ts';
import { KeyedController } from '../keyed-controller.ts';

/** Namespace and name of the signed ConfigMap. */
export const CLUSTER_INFO = { namespace: 'kube-public', name: 'cluster-info' };
/** Prefix of signature keys in its data. */
export const JWS_PREFIX = 'jws-kubeconfig-';
const CONFIGMAPS = { group: '', version: 'v1', plural: 'configmaps' };
const SECRETS = { group: '', version: 'v1', plural: 'secrets' };
const KEY = `${CLUSTER_INFO.namespace}/${CLUSTER_INFO.name}`;

/** The signatures cluster-info should carry, given the bootstrap token Secrets. */
export function wantedSignatures(kubeconfig: string, secrets: KObject[], now: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of secrets) {
    if (s.metadata.namespace !== 'kube-system' || s.metadata.deletionTimestamp) continue;
    const t = secretToToken(s as unknown as SecretObject);
    if (!t || isExpired(t, now) || !t.usages.includes('signing')) continue;
    out[JWS_PREFIX + t.id] = computeDetachedSignature(kubeconfig, t.id, t.secret);
  }
  return out;
}

/** Factory for the controller manager. */
export function newBootstrapSigner(ctx: ControllerContext): Controller {
  const configmaps = ctx.informers.informerFor<KObject>(CONFIGMAPS);
  const secrets = ctx.informers.informerFor<KObject>(SECRETS);
  const c = new KeyedController('bootstrap-signer', ctx, async () => {
    const cm = configmaps.lister.get(CLUSTER_INFO.name, CLUSTER_INFO.namespace);
    const kubeconfig = cm?.data?.kubeconfig as string | undefined;
    if (!cm || kubeconfig === undefined) return;
    const want = wantedSignatures(kubeconfig, secrets.lister.list('kube-system'), ctx.clock.now());
    const data: Record<string, string> = {};
    for (const [k, v] of Object.entries(cm.data ?? {})) if (!k.startsWith(JWS_PREFIX)) data[k] = v as string;
    Object.assign(data, want);
    const cur = cm.data ?? {};
    const same = Object.keys(data).length === Object.keys(cur).length && Object.entries(data).every(([k, v]) => cur[k] === v);
    if (same) return;
    const next = structuredClone(cm);
    next.data = data;
    try {
      await ctx.client.update({ ...CONFIGMAPS, ...CLUSTER_INFO }, next);
    } catch (e) {
      if (!isK8sError(e, 'NotFound')) throw e; // Conflict: a newer cluster-info is coming through the informer
    }
  });
  const cmEvent = (o: KObject): void => { if (o.metadata.namespace === CLUSTER_INFO.namespace && o.metadata.name === CLUSTER_INFO.name) c.enqueue(KEY); };
  configmaps.addEventHandler({ add: cmEvent, update: (_o, n) => cmEvent(n) });
  const secretEvent = (o: KObject): void => { if (o.metadata.namespace === 'kube-system' && o.type === 'bootstrap.kubernetes.io/token') c.enqueue(KEY); };
  secrets.addEventHandler({ add: secretEvent, update: (_o, n) => secretEvent(n), delete: secretEvent });
  return c;
}
