/**
 * Paths e2e tests depend on: the repo, bin/k8ts and the two kubectl versions
 * the issue requires (the system 1.32 and Debian's 1.20 unpacked by setup.sh).
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Root of the k8ts repository. */
export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** The k8ts CLI launcher. */
export const K8TS_BIN = join(REPO, 'bin/k8ts');

/** The machine's kubectl (1.32). */
export const KUBECTL_132 = '/usr/bin/kubectl';

/** Debian's kubectl 1.20, unpacked (not installed) by scripts/setup.sh. */
export const KUBECTL_120 = join(REPO, '.cache/kubectl-1.20/usr/bin/kubectl');

/**
 * Throw unless the kubectl binary exists. A missing kubectl must fail the
 * test loudly, never skip it: a skipped compatibility test hides a regression.
 */
export function requireKubectl(path: string): string {
  if (!existsSync(path)) {
    const hint = path === KUBECTL_120
      ? 'run scripts/setup.sh (it unpacks Debian\'s kubernetes-client into .cache/kubectl-1.20)'
      : 'install kubectl 1.32 at /usr/bin/kubectl';
    throw new Error(`kubectl not found at ${path}: ${hint}`);
  }
  return path;
}
