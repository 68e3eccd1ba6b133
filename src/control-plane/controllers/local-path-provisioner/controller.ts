/**
 * The built-in local-path provisioner (as k3s ships one): creates the
 * default StorageClass `local-path`, gives claims without a class the
 * default one, provisions a hostPath PersistentVolume under the storage
 * directory for each pending claim of that class and binds the two (there
 * is no separate PV binder controller); when a claim is gone its volume's
 * directory and PV are deleted (reclaimPolicy Delete).
 */
import { rm } from 'node:fs/promises';
import { isK8sError } from '../../../base/errors.ts';
import type { KObject } from '../../../api/types.ts';
import type { Controller, ControllerContext } from '../types.ts';
import { KeyedController } from '../keyed-controller.ts';
import { DEFAULT_STORAGE_DIR, LOCAL_PATH_CLASS, LOCAL_PATH_PROVISIONER, localPathStorageClass, volumeFor, wantsVolume } from './provision.ts';

const PVCS = { group: '', version: 'v1', plural: 'persistentvolumeclaims' };
const PVS = { group: '', version: 'v1', plural: 'persistentvolumes' };
const CLASSES = { group: 'storage.k8s.io', version: 'v1', plural: 'storageclasses' };

/** Factory for the controller manager. */
export function newLocalPathProvisioner(ctx: ControllerContext): Controller {
  const storageDir = ctx.options?.localPathStorageDir ?? DEFAULT_STORAGE_DIR;
  const claims = ctx.informers.informerFor<KObject>(PVCS);
  const volumes = ctx.informers.informerFor<KObject>(PVS);
  let classReady = false;
  const ensureClass = async () => {
    if (classReady) return;
    try { await ctx.client.create(CLASSES, localPathStorageClass()); } catch (e) { if (!isK8sError(e, 'AlreadyExists')) throw e; }
    classReady = true;
  };
  const c = new KeyedController('local-path-provisioner', ctx, async (key) => {
    await ensureClass();
    if (key.startsWith('pv/')) { await reclaim(key.slice(3)); return; }
    const [ns, name] = key.split('/') as [string, string];
    let pvc = claims.lister.get(name, ns);
    if (!pvc) return;
    if (pvc.spec?.storageClassName === undefined || pvc.spec?.storageClassName === null) {
      // Retroactive default class assignment, as upstream's PV controller does for claims created without one.
      pvc = await ctx.client.patch({ ...PVCS, namespace: ns, name }, 'merge', { spec: { storageClassName: LOCAL_PATH_CLASS } });
    }
    if (!wantsVolume(pvc)) return;
    const pv = volumeFor(storageDir, pvc);
    try { await ctx.client.create(PVS, pv); } catch (e) { if (!isK8sError(e, 'AlreadyExists')) throw e; }
    await ctx.client.patch({ ...PVS, name: pv.metadata.name, subresource: 'status' }, 'merge', { status: { phase: 'Bound' } });
    await ctx.client.patch({ ...PVCS, namespace: ns, name }, 'merge', {
      metadata: { annotations: { 'pv.kubernetes.io/bind-completed': 'yes', 'pv.kubernetes.io/bound-by-controller': 'yes', 'volume.kubernetes.io/storage-provisioner': LOCAL_PATH_PROVISIONER } },
      spec: { volumeName: pv.metadata.name },
    });
    await ctx.client.patch({ ...PVCS, namespace: ns, name, subresource: 'status' }, 'merge', {
      status: { phase: 'Bound', accessModes: pv.spec?.accessModes, capacity: pv.spec?.capacity },
    });
  });
  /** A provisioned volume whose claim is gone: delete its directory and the PV. */
  const reclaim = async (pvName: string) => {
    const pv = volumes.lister.get(pvName);
    if (!pv || pv.metadata.annotations?.['pv.kubernetes.io/provisioned-by'] !== LOCAL_PATH_PROVISIONER) return;
    const ref = pv.spec?.claimRef as { namespace: string; name: string; uid: string } | undefined;
    const claim = ref ? claims.lister.get(ref.name, ref.namespace) : undefined;
    if (claim && claim.metadata.uid === ref?.uid) return;
    const path = (pv.spec?.hostPath as { path?: string } | undefined)?.path;
    if (path && path.startsWith(`${storageDir.replace(/\/+$/, '')}/pvc-`)) await rm(path, { recursive: true, force: true });
    try { await ctx.client.delete({ ...PVS, name: pvName }); } catch (e) { if (!isK8sError(e, 'NotFound')) throw e; }
  };
  const onClaim = (o: KObject) => c.enqueue(`${o.metadata.namespace as string}/${o.metadata.name as string}`);
  claims.addEventHandler({
    add: onClaim, update: (_o, n) => onClaim(n),
    delete: (o) => { if (o.spec?.volumeName) c.enqueue(`pv/${o.spec.volumeName as string}`); },
  });
  volumes.addEventHandler({ add: (o) => c.enqueue(`pv/${o.metadata.name as string}`) });
  c.enqueue('pv/'); // creates the StorageClass at start even without claims
  return c;
}
