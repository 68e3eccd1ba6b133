/**
 * The node's cgroup hierarchies as the kubelet and `k8ts reset` see them:
 * one unified hierarchy (cgroup v2) or one per controller (v1). Pod cgroups
 * (`<root>/[burstable|besteffort/]pod<uid>`) are created by runc when the
 * pod's first container starts (it makes the whole path) but never removed
 * by it: a deleted pod's cgroup is the kubelet's to remove, as upstream's
 * pod container manager does, or empty memory cgroups pile up.
 */
import { existsSync } from 'node:fs';
import { readdir, rmdir } from 'node:fs/promises';
import { join } from 'node:path';

const BASE = '/sys/fs/cgroup';

/** Mount points of the cgroup hierarchies. */
export async function cgroupHierarchies(base = BASE): Promise<string[]> {
  if (existsSync(join(base, 'cgroup.controllers'))) return [base];
  const entries = await readdir(base, { withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isDirectory()).map((e) => join(base, e.name));
}

/** Remove a directory tree of (empty) cgroups, deepest first; cgroups still in use stay. */
export async function removeCgroupTree(dir: string): Promise<void> {
  for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) if (e.isDirectory()) await removeCgroupTree(join(dir, e.name));
  await rmdir(dir).catch(() => undefined);
}

/** Remove pod `uid`'s cgroup under `root` in every hierarchy and QoS tier (after its containers are gone). */
export async function removePodCgroup(root: string, uid: string, base = BASE): Promise<void> {
  for (const h of await cgroupHierarchies(base)) {
    for (const tier of ['', 'burstable', 'besteffort']) {
      const d = join(h, root, tier, `pod${uid}`);
      if (existsSync(d)) await removeCgroupTree(d);
    }
  }
}
