/**
 * The files of configMap, secret, downwardAPI and projected volumes, as
 * upstream's plugins compute them: every key (or the listed items) with
 * defaultMode 0644 unless told otherwise; a missing source is an error
 * unless it is optional; downward API labels and annotations as sorted
 * `key="value"` lines.
 */
import { K8sError, isK8sError } from '../../../base/errors.ts';
import type { KObject } from '../../../api/types.ts';
import type { KubeClient } from '../../../client/types.ts';
import { fieldPathValue, resourceFieldValue } from '../container-env.ts';
import type { FileEntry } from './atomic-writer.ts';

type Obj = Record<string, unknown>;

/** A volume that cannot be set up yet (a missing ConfigMap or Secret, a failed token request). */
export class VolumeError extends K8sError {
  constructor(message: string) { super('NotFound', message); }
}

/** What payloads need besides the pod. */
export interface PayloadContext {
  client: KubeClient;
  hostIP: string;
  podIPs: string[];
  allocatable: Record<string, string>;
  /** A service account token for the pod (TokenRequest, cached and refreshed). */
  token(pod: KObject, audience: string | undefined, expirationSeconds: number): Promise<string>;
}

const DEFAULT_MODE = 0o644;

async function fetch(ctx: PayloadContext, plural: string, ns: string, name: string, optional: boolean): Promise<KObject | undefined> {
  try {
    return await ctx.client.get({ group: '', version: 'v1', plural, namespace: ns, name });
  } catch (e) {
    if (!isK8sError(e, 'NotFound')) throw e;
    if (optional) return undefined;
    throw new VolumeError(`${plural === 'secrets' ? 'secret' : 'configmap'} "${name}" not found`);
  }
}

/** Key -> bytes of a ConfigMap (data and binaryData) or Secret (base64 data, stringData never stored). */
function keysOf(obj: KObject, secret: boolean): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const [k, v] of Object.entries((obj.data ?? {}) as Record<string, string>)) out.set(k, secret ? Buffer.from(v, 'base64') : Buffer.from(v));
  if (!secret) for (const [k, v] of Object.entries((obj.binaryData ?? {}) as Record<string, string>)) out.set(k, Buffer.from(v, 'base64'));
  return out;
}

function selectKeys(keys: Map<string, Buffer>, src: Obj, mode: number, name: string, optional: boolean): FileEntry[] {
  const items = src.items as Array<{ key: string; path: string; mode?: number }> | undefined;
  if (!items?.length) return [...keys].map(([k, data]) => ({ path: k, data, mode }));
  const out: FileEntry[] = [];
  for (const it of items) {
    const data = keys.get(it.key);
    if (!data) {
      if (optional) continue;
      throw new VolumeError(`configmap references non-existent config key: ${it.key} (${name})`);
    }
    out.push({ path: it.path, data, mode: it.mode ?? mode });
  }
  return out;
}

async function keyed(ctx: PayloadContext, pod: KObject, src: Obj, secret: boolean, mode: number): Promise<FileEntry[]> {
  const name = String((secret ? src.secretName ?? src.name : src.name) ?? '');
  const optional = src.optional === true;
  const obj = await fetch(ctx, secret ? 'secrets' : 'configmaps', pod.metadata.namespace as string, name, optional);
  return obj ? selectKeys(keysOf(obj, secret), src, mode, name, optional) : [];
}

/** `key="value"` lines sorted by key, as the downward API writes labels and annotations. */
export function formatMap(m: Record<string, string>): string {
  return Object.keys(m).sort().map((k) => `${k}=${JSON.stringify(m[k])}`).join('\n');
}

function downward(ctx: PayloadContext, pod: KObject, src: Obj, mode: number): FileEntry[] {
  const out: FileEntry[] = [];
  for (const it of (src.items ?? []) as Obj[]) {
    let value: string;
    const f = it.fieldRef as { fieldPath: string } | undefined;
    const r = it.resourceFieldRef as Obj | undefined;
    if (f?.fieldPath === 'metadata.labels' || f?.fieldPath === 'metadata.annotations') {
      value = formatMap(((pod.metadata as Obj)[f.fieldPath.slice(9)] ?? {}) as Record<string, string>);
    } else if (f) {
      value = fieldPathValue(pod, f.fieldPath, ctx);
    } else if (r) {
      const c = ((pod.spec?.containers ?? []) as Obj[]).find((x) => x.name === r.containerName) ?? {};
      value = resourceFieldValue(c, r, ctx.allocatable);
    } else continue;
    out.push({ path: String(it.path), data: Buffer.from(value), mode: (it.mode as number | undefined) ?? mode });
  }
  return out;
}

/** Files of one configMap, secret, downwardAPI or projected volume; undefined for other kinds. */
export async function volumePayload(ctx: PayloadContext, pod: KObject, vol: Obj): Promise<FileEntry[] | undefined> {
  if (vol.configMap) { const s = vol.configMap as Obj; return keyed(ctx, pod, s, false, (s.defaultMode as number | undefined) ?? DEFAULT_MODE); }
  if (vol.secret) { const s = vol.secret as Obj; return keyed(ctx, pod, s, true, (s.defaultMode as number | undefined) ?? DEFAULT_MODE); }
  if (vol.downwardAPI) { const s = vol.downwardAPI as Obj; return downward(ctx, pod, s, (s.defaultMode as number | undefined) ?? DEFAULT_MODE); }
  if (!vol.projected) return undefined;
  const p = vol.projected as Obj;
  const mode = (p.defaultMode as number | undefined) ?? DEFAULT_MODE;
  const out: FileEntry[] = [];
  for (const s of (p.sources ?? []) as Obj[]) {
    if (s.configMap) out.push(...(await keyed(ctx, pod, s.configMap as Obj, false, mode)));
    else if (s.secret) out.push(...(await keyed(ctx, pod, { ...(s.secret as Obj), secretName: (s.secret as Obj).name }, true, mode)));
    else if (s.downwardAPI) out.push(...downward(ctx, pod, s.downwardAPI as Obj, mode));
    else if (s.serviceAccountToken) {
      const t = s.serviceAccountToken as { audience?: string; expirationSeconds?: number; path: string };
      const token = await ctx.token(pod, t.audience || undefined, t.expirationSeconds ?? 3600);
      out.push({ path: t.path, data: Buffer.from(token), mode });
    }
  }
  return out;
}
