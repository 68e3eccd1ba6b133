/**
 * Versions the CLI reports: the k8ts package version and the Kubernetes
 * version we emulate (kept equal to the API server's /version gitVersion).
 */
import { readFileSync } from 'node:fs';

/** The Kubernetes release k8ts behaves as. */
export const KUBERNETES_VERSION = 'v1.32.0-k8ts';

/** The version in the repository's package.json. */
export function packageVersion(): string {
  const url = new URL('../../package.json', import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
}
