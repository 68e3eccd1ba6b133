/**
 * imagePullSecrets (issue 6 item 2): credentials for a pull come from the
 * pod's kubernetes.io/dockerconfigjson (or legacy dockercfg) secrets, the
 * first entry whose registry matches the image's, as upstream's keyring
 * picks them (docker.io also answers to index.docker.io). A missing secret
 * is skipped, as upstream only warns about it.
 */
import type { KObject } from '../../api/types.ts';
import type { KubeClient } from '../../client/types.ts';

type Obj = Record<string, unknown>;

/** CRI AuthConfig. */
export interface PullAuth { username?: string; password?: string; auth?: string }

const SECRETS = { group: '', version: 'v1', plural: 'secrets' } as const;

/** The registry host of an image reference (docker.io when none is named). */
export function registryOf(image: string): string {
  const first = image.split('/')[0]!;
  return image.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost') ? first : 'docker.io';
}

/** Host[:port] of a dockerconfig key ("https://index.docker.io/v1/", "127.0.0.1:5000"). */
export function keyHost(key: string): string {
  const h = key.replace(/^https?:\/\//, '').split('/')[0]!;
  return ['index.docker.io', 'registry-1.docker.io'].includes(h) ? 'docker.io' : h;
}

/** The auths map of a dockerconfigjson / dockercfg secret. */
function authsOf(secret: KObject): Record<string, Obj> {
  const data = (secret.data ?? {}) as Record<string, string>;
  const decode = (k: string) => JSON.parse(Buffer.from(data[k]!, 'base64').toString()) as Obj;
  if (data['.dockerconfigjson']) return ((decode('.dockerconfigjson').auths ?? {}) as Record<string, Obj>);
  if (data['.dockercfg']) return decode('.dockercfg') as Record<string, Obj>;
  return {};
}

/** Credentials for pulling `image` for `pod`, if any of its pull secrets has some. */
export async function pullAuth(client: KubeClient, pod: KObject, image: string): Promise<PullAuth | undefined> {
  const want = registryOf(image);
  for (const ref of (pod.spec?.imagePullSecrets ?? []) as Obj[]) {
    let secret: KObject;
    try { secret = await client.get({ ...SECRETS, namespace: pod.metadata.namespace, name: String(ref.name) }); } catch { continue; }
    let auths: Record<string, Obj>;
    try { auths = authsOf(secret); } catch { continue; }
    for (const [key, a] of Object.entries(auths)) {
      if (keyHost(key) !== want) continue;
      let { username, password } = a as { username?: string; password?: string };
      if ((!username || !password) && typeof a.auth === 'string') {
        const plain = Buffer.from(a.auth, 'base64').toString();
        const i = plain.indexOf(':');
        if (i > 0) { username = plain.slice(0, i); password = plain.slice(i + 1); }
      }
      if (username !== undefined) return { username, password };
    }
  }
  return undefined;
}
