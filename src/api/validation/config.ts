/**
 * ConfigMap and Secret validation: key syntax, size limit, Secret type
 * rules, and the `immutable` flag on update.
 */
import type { FieldError, KObject } from '../types.ts';
import { forbidden, immutable, invalid, required, tooLong } from './field-errors.ts';
import { isConfigMapKey } from './names.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.ts';
import { obj } from './util.ts';

/** Max total size of a ConfigMap's or Secret's data (etcd object limit headroom). */
export const MAX_DATA_SIZE = 1024 * 1024;
const IMMUTABLE_MSG = 'field is immutable when `immutable` is set';

function dataKeys(data: unknown, path: string, sizeOf: (v: unknown) => number): { errs: FieldError[]; size: number } {
  const errs: FieldError[] = [];
  let size = 0;
  for (const [k, v] of Object.entries(obj(data))) {
    for (const m of isConfigMapKey(k)) errs.push(invalid(`${path}[${k}]`, k, m));
    size += sizeOf(v);
  }
  return { errs, size };
}

const strLen = (v: unknown) => (typeof v === 'string' ? Buffer.byteLength(v) : 0);
// base64 text decodes to 3/4 of its length (minus padding).
const b64Len = (v: unknown) => (typeof v === 'string' ? Math.floor((v.replace(/=+$/, '').length * 3) / 4) : 0);

function immutableChecks(o: KObject, old: KObject): FieldError[] {
  const errs: FieldError[] = [];
  if (old.immutable === true) {
    if (o.immutable !== true) errs.push(forbidden('immutable', IMMUTABLE_MSG));
    if (immutable('data', o.data ?? {}, old.data ?? {}).length) errs.push(forbidden('data', IMMUTABLE_MSG));
    if (immutable('binaryData', o.binaryData ?? {}, old.binaryData ?? {}).length) errs.push(forbidden('binaryData', IMMUTABLE_MSG));
    if (immutable('stringData', o.stringData ?? {}, {}).length) errs.push(forbidden('stringData', IMMUTABLE_MSG));
  }
  return errs;
}

/** ConfigMap. */
export function validateConfigMap(cm: KObject, old?: KObject): FieldError[] {
  const errs = validateObjectMeta(cm, { namespaced: true });
  const a = dataKeys(cm.data, 'data', strLen);
  const b = dataKeys(cm.binaryData, 'binaryData', b64Len);
  errs.push(...a.errs, ...b.errs);
  for (const k of Object.keys(obj(cm.data))) {
    if (k in obj(cm.binaryData)) errs.push(invalid(`data[${k}]`, k, 'duplicate of key present in binaryData'));
  }
  if (a.size + b.size > MAX_DATA_SIZE) errs.push(tooLong('', MAX_DATA_SIZE));
  if (old) errs.push(...validateObjectMetaUpdate(cm, old), ...immutableChecks(cm, old));
  return errs;
}

/** Keys each well-known Secret type must carry. */
const REQUIRED_KEYS: Record<string, string[]> = {
  'kubernetes.io/dockercfg': ['.dockercfg'],
  'kubernetes.io/dockerconfigjson': ['.dockerconfigjson'],
  'kubernetes.io/tls': ['tls.crt', 'tls.key'],
  'kubernetes.io/ssh-auth': ['ssh-privatekey'],
};

function secretTypeRules(s: KObject): FieldError[] {
  const errs: FieldError[] = [];
  const data = obj(s.data);
  const type = s.type;
  for (const k of REQUIRED_KEYS[type] ?? []) if (!(k in data)) errs.push(required(`data[${k}]`));
  if (type === 'kubernetes.io/service-account-token') {
    const ann = obj(s.metadata?.annotations);
    if (!ann['kubernetes.io/service-account.name']) errs.push(required('metadata.annotations[kubernetes.io/service-account.name]'));
  }
  if (type === 'kubernetes.io/basic-auth' && !('username' in data) && !('password' in data)) {
    errs.push(required('data[username]'), required('data[password]'));
  }
  return errs;
}

/** Secret (after stringData has been merged into data by the API server, or with it still present). */
export function validateSecret(s: KObject, old?: KObject): FieldError[] {
  const errs = validateObjectMeta(s, { namespaced: true });
  const d = dataKeys(s.data, 'data', b64Len);
  const sd = dataKeys(s.stringData, 'stringData', strLen);
  errs.push(...d.errs, ...sd.errs);
  if (d.size + sd.size > MAX_DATA_SIZE) errs.push(tooLong('data', MAX_DATA_SIZE));
  if (!s.type) errs.push(required('type'));
  errs.push(...secretTypeRules(s));
  if (old) {
    errs.push(...validateObjectMetaUpdate(s, old));
    errs.push(...immutable('type', s.type, old.type));
    errs.push(...immutableChecks(s, old));
  }
  return errs;
}
