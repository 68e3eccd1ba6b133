/**
 * Defaults of a PodSpec and its containers, probes and volumes, as upstream's
 * core/v1 defaulters apply them. Used for Pods and for every pod template
 * (Deployment, ReplicaSet, Job, ...), so it must not set Pod-only fields.
 */
import { type Obj, setDefault, child, isObj, eachObj } from './util.ts';

/** Volume sources whose files get mode 0644 (420) unless told otherwise. */
const MODE_SOURCES = ['configMap', 'secret', 'downwardAPI', 'projected'] as const;

/** Every volume source key upstream knows; a volume with none of them gets emptyDir. */
const VOLUME_SOURCES = new Set([
  'hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi',
  'glusterfs', 'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc',
  'azureFile', 'configMap', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected',
  'portworxVolume', 'scaleIO', 'storageos', 'csi', 'ephemeral', 'image',
]);

/**
 * Image pull policy from the image reference: `Always` for `:latest` or an
 * untagged image (digests count as pinned), otherwise `IfNotPresent`.
 */
export function defaultPullPolicy(image: unknown): string {
  if (typeof image !== 'string') return 'IfNotPresent';
  if (image.includes('@')) return 'IfNotPresent';
  const lastSlash = image.lastIndexOf('/');
  const tail = image.slice(lastSlash + 1);
  const colon = tail.lastIndexOf(':');
  if (colon < 0) return 'Always';
  return tail.slice(colon + 1) === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultHandler(h: Obj): void {
  if (isObj(h.httpGet)) {
    setDefault(h.httpGet, 'path', '/');
    setDefault(h.httpGet, 'scheme', 'HTTP');
  }
  if (isObj(h.grpc)) setDefault(h.grpc, 'service', '');
}

function defaultProbe(p: unknown): void {
  if (!isObj(p)) return;
  setDefault(p, 'timeoutSeconds', 1);
  setDefault(p, 'periodSeconds', 10);
  setDefault(p, 'successThreshold', 1);
  setDefault(p, 'failureThreshold', 3);
  defaultHandler(p);
}

/** Container (and init/ephemeral container) defaults. */
export function defaultContainer(c: Obj): void {
  setDefault(c, 'imagePullPolicy', defaultPullPolicy(c.image));
  setDefault(c, 'terminationMessagePath', '/dev/termination-log');
  setDefault(c, 'terminationMessagePolicy', 'File');
  setDefault(c, 'resources', {});
  eachObj(c.ports, (p) => setDefault(p, 'protocol', 'TCP'));
  eachObj(c.env, (e) => {
    if (isObj(e.valueFrom) && isObj(e.valueFrom.fieldRef)) setDefault(e.valueFrom.fieldRef, 'apiVersion', 'v1');
  });
  defaultProbe(c.livenessProbe);
  defaultProbe(c.readinessProbe);
  defaultProbe(c.startupProbe);
  if (isObj(c.lifecycle)) {
    if (isObj(c.lifecycle.postStart)) defaultHandler(c.lifecycle.postStart);
    if (isObj(c.lifecycle.preStop)) defaultHandler(c.lifecycle.preStop);
  }
}

function defaultItemsFieldRefs(items: unknown): void {
  eachObj(items, (it) => {
    if (isObj(it.fieldRef)) setDefault(it.fieldRef, 'apiVersion', 'v1');
  });
}

/** Volume defaults: emptyDir when no source, mode 420 for projected-file sources. */
export function defaultVolume(v: Obj): void {
  if (!Object.keys(v).some((k) => VOLUME_SOURCES.has(k))) v.emptyDir = {};
  for (const k of MODE_SOURCES) {
    if (isObj(v[k])) setDefault(v[k], 'defaultMode', 420);
  }
  if (isObj(v.downwardAPI)) defaultItemsFieldRefs(v.downwardAPI.items);
  if (isObj(v.projected)) {
    eachObj(v.projected.sources, (s) => {
      if (isObj(s.downwardAPI)) defaultItemsFieldRefs(s.downwardAPI.items);
      if (isObj(s.serviceAccountToken)) setDefault(s.serviceAccountToken, 'expirationSeconds', 3600);
    });
  }
  if (isObj(v.hostPath)) setDefault(v.hostPath, 'type', '');
  if (isObj(v.iscsi)) setDefault(v.iscsi, 'iscsiInterface', 'default');
  if (isObj(v.rbd)) {
    setDefault(v.rbd, 'pool', 'rbd');
    setDefault(v.rbd, 'user', 'admin');
    setDefault(v.rbd, 'keyring', '/etc/ceph/keyring');
  }
  if (isObj(v.azureDisk)) {
    setDefault(v.azureDisk, 'cachingMode', 'ReadWrite');
    setDefault(v.azureDisk, 'fsType', 'ext4');
    setDefault(v.azureDisk, 'readOnly', false);
    setDefault(v.azureDisk, 'kind', 'Shared');
  }
}

/**
 * PodSpec defaults shared by Pods and pod templates. `hostNetwork` pods get
 * hostPort = containerPort, because the port is the host's either way.
 */
export function defaultPodSpec(spec: Obj): void {
  setDefault(spec, 'restartPolicy', 'Always');
  setDefault(spec, 'dnsPolicy', 'ClusterFirst');
  setDefault(spec, 'terminationGracePeriodSeconds', 30);
  setDefault(spec, 'schedulerName', 'default-scheduler');
  setDefault(spec, 'securityContext', {});
  // serviceAccount is the deprecated alias: upstream keeps both in sync.
  if (!spec.serviceAccountName && spec.serviceAccount) spec.serviceAccountName = spec.serviceAccount;
  if (spec.serviceAccountName && !spec.serviceAccount) spec.serviceAccount = spec.serviceAccountName;
  for (const key of ['initContainers', 'containers', 'ephemeralContainers']) {
    eachObj(spec[key], (c) => {
      defaultContainer(c);
      if (spec.hostNetwork === true) {
        eachObj(c.ports, (p) => {
          if (p.hostPort === undefined && typeof p.containerPort === 'number') p.hostPort = p.containerPort;
        });
      }
    });
  }
  eachObj(spec.volumes, defaultVolume);
}

/** Defaults of a PodTemplateSpec (`spec.template` of workloads). */
export function defaultPodTemplate(template: unknown): void {
  if (!isObj(template)) return;
  defaultPodSpec(child(template, 'spec'));
}
