/**
 * Push an OCI layout archive (as scripts/build-images.sh writes: index.json
 * and blobs/sha256/*) to a registry through the distribution v2 API: every
 * blob by a monolithic upload (POST /v2/<name>/blobs/uploads/, then PUT
 * <location>?digest=), then the manifest (or index, children first) by
 * PUT /v2/<name>/manifests/<tag> with its media type. Plain HTTP only: e2e
 * tests push to a registry on loopback inside their own network namespace,
 * so this runs as a script under `nsenter --net`:
 *
 *   node --import tsx registry-push.ts ARCHIVE http://127.0.0.1:PORT NAME TAG
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface Descriptor { mediaType: string; digest: string; size: number }
interface Manifest { mediaType?: string; config?: Descriptor; layers?: Descriptor[]; manifests?: Descriptor[] }

const INDEX_TYPES = new Set(['application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json']);

async function must(res: Response, what: string, ok: number[]): Promise<Response> {
  if (!ok.includes(res.status)) throw new Error(`${what}: HTTP ${res.status} ${await res.text()}`);
  return res;
}

/** Upload one blob unless the registry already has it. */
async function pushBlob(base: string, name: string, digest: string, body: Buffer): Promise<void> {
  const head = await fetch(`${base}/v2/${name}/blobs/${digest}`, { method: 'HEAD' });
  if (head.status === 200) return;
  const start = await must(await fetch(`${base}/v2/${name}/blobs/uploads/`, { method: 'POST' }), `start upload of ${digest}`, [202]);
  const location = start.headers.get('location');
  if (!location) throw new Error(`start upload of ${digest}: no Location`);
  const url = new URL(location, base);
  url.searchParams.set('digest', digest);
  await must(await fetch(url, { method: 'PUT', body: new Uint8Array(body), headers: { 'content-type': 'application/octet-stream' } }), `upload ${digest}`, [201]);
}

/**
 * Push the image of `archive` (its first index.json entry) as `name:tag`.
 * Returns the digest of the pushed manifest.
 */
export async function pushOciArchive(archive: string, base: string, name: string, tag: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-oci-'));
  try {
    execFileSync('tar', ['xf', archive, '-C', dir]);
    const blob = (digest: string) => readFileSync(join(dir, 'blobs', ...digest.split(':')));
    const pushManifest = async (d: Descriptor, ref: string): Promise<void> => {
      const body = blob(d.digest);
      const m = JSON.parse(body.toString()) as Manifest;
      if (INDEX_TYPES.has(d.mediaType)) {
        for (const child of m.manifests ?? []) await pushManifest(child, child.digest);
      } else {
        for (const b of [...(m.config ? [m.config] : []), ...(m.layers ?? [])]) await pushBlob(base, name, b.digest, blob(b.digest));
      }
      await must(await fetch(`${base}/v2/${name}/manifests/${ref}`, { method: 'PUT', body: new Uint8Array(body), headers: { 'content-type': d.mediaType } }),
        `put manifest ${name}:${ref}`, [201]);
    };
    const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as Manifest;
    const top = index.manifests?.[0];
    if (!top) throw new Error(`${archive}: index.json lists no manifest`);
    await pushManifest(top, tag);
    return top.digest;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [archive, base, name, tag] = process.argv.slice(2);
  if (!archive || !base || !name || !tag) {
    process.stderr.write('usage: registry-push.ts ARCHIVE http://HOST:PORT NAME TAG\n');
    process.exit(2);
  }
  pushOciArchive(archive, base, name, tag).then((d) => process.stdout.write(`${d}\n`), (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
