/**
 * Pod volume validation: names, exactly one source, per-source required
 * fields and file modes.
 */
import type { FieldError } from '../types.ts';
import { duplicate, forbidden, invalid, required } from './field-errors.ts';
import { isDNS1123Label, isDNS1123Subdomain } from './names.ts';
import { type Obj, arr, isObj, obj } from './util.ts';

const SOURCES = [
  'hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi',
  'glusterfs', 'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc',
  'azureFile', 'configMap', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected',
  'portworxVolume', 'scaleIO', 'storageos', 'csi', 'ephemeral', 'image',
];
const HOST_PATH_TYPES = ['', 'BlockDevice', 'CharDevice', 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket'];
const MODE_MSG = 'must be a number between 0 and 0777 (octal), both inclusive';

function mode(v: unknown, p: string): FieldError[] {
  if (v === undefined || v === null) return [];
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0o777 ? [] : [invalid(p, v, MODE_MSG)];
}

function keyPaths(items: unknown, p: string): FieldError[] {
  const errs: FieldError[] = [];
  arr(items).forEach((raw, i) => {
    const it = obj(raw);
    const ip = `${p}[${i}]`;
    if (it.key !== undefined && !it.key) errs.push(required(`${ip}.key`));
    if (!it.path) errs.push(required(`${ip}.path`));
    else if (String(it.path).startsWith('/')) errs.push(invalid(`${ip}.path`, it.path, 'must be a relative path'));
    else if (String(it.path).split('/').includes('..')) errs.push(invalid(`${ip}.path`, it.path, "must not contain '..'"));
    errs.push(...mode(it.mode, `${ip}.mode`));
  });
  return errs;
}

function validateSource(kind: string, s: Obj, p: string): FieldError[] {
  const errs: FieldError[] = [];
  switch (kind) {
    case 'hostPath':
      if (!s.path) errs.push(required(`${p}.path`));
      if (s.type !== undefined && !HOST_PATH_TYPES.includes(s.type)) {
        errs.push(invalid(`${p}.type`, s.type, `supported values: ${HOST_PATH_TYPES.map((t) => JSON.stringify(t)).join(', ')}`));
      }
      break;
    case 'emptyDir':
      if (s.medium !== undefined && !['', 'Memory', 'HugePages'].includes(s.medium) && !String(s.medium).startsWith('HugePages-')) {
        errs.push(invalid(`${p}.medium`, s.medium, 'must be one of "", "Memory", "HugePages"'));
      }
      break;
    case 'secret':
      if (!s.secretName) errs.push(required(`${p}.secretName`));
      else for (const m of isDNS1123Subdomain(s.secretName)) errs.push(invalid(`${p}.secretName`, s.secretName, m));
      errs.push(...mode(s.defaultMode, `${p}.defaultMode`), ...keyPaths(s.items, `${p}.items`));
      break;
    case 'configMap':
      if (!s.name) errs.push(required(`${p}.name`));
      else for (const m of isDNS1123Subdomain(s.name)) errs.push(invalid(`${p}.name`, s.name, m));
      errs.push(...mode(s.defaultMode, `${p}.defaultMode`), ...keyPaths(s.items, `${p}.items`));
      break;
    case 'downwardAPI':
      errs.push(...mode(s.defaultMode, `${p}.defaultMode`), ...keyPaths(s.items, `${p}.items`));
      break;
    case 'projected':
      errs.push(...mode(s.defaultMode, `${p}.defaultMode`));
      break;
    case 'persistentVolumeClaim':
      if (!s.claimName) errs.push(required(`${p}.claimName`));
      break;
    case 'nfs':
      if (!s.server) errs.push(required(`${p}.server`));
      if (!s.path) errs.push(required(`${p}.path`));
      else if (!String(s.path).startsWith('/')) errs.push(invalid(`${p}.path`, s.path, 'must be an absolute path'));
      break;
    case 'csi':
      if (!s.driver) errs.push(required(`${p}.driver`));
      break;
    case 'image':
      if (!s.reference) errs.push(required(`${p}.reference`));
      break;
    default:
      break;
  }
  return errs;
}

/** Validates `spec.volumes` and returns the errors and the set of volume names. */
export function validateVolumes(volumes: unknown, p: string): { errs: FieldError[]; names: Set<string> } {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  arr(volumes).forEach((raw, i) => {
    const v = obj(raw);
    const vp = `${p}[${i}]`;
    if (!v.name) errs.push(required(`${vp}.name`));
    else {
      for (const m of isDNS1123Label(String(v.name))) errs.push(invalid(`${vp}.name`, v.name, m));
      if (names.has(v.name)) errs.push(duplicate(`${vp}.name`, v.name));
      names.add(v.name);
    }
    const present = SOURCES.filter((k) => isObj(v[k]));
    if (present.length === 0) errs.push(required(vp, 'must specify a volume type'));
    else if (present.length > 1) errs.push(forbidden(`${vp}.${present[1]}`, 'may not specify more than 1 volume type'));
    for (const k of present) errs.push(...validateSource(k, v[k], `${vp}.${k}`));
  });
  return { errs, names };
}
