/**
 * `/version`: the `version.Info` kubectl prints as "Server Version". We claim
 * the upstream minor we are compatible with so clients enable the same
 * features they would against Kubernetes 1.32.
 */

/** `k8s.io/apimachinery/pkg/version.Info`. */
export interface VersionInfo {
  major: string;
  minor: string;
  gitVersion: string;
  gitCommit: string;
  gitTreeState: string;
  buildDate: string;
  goVersion: string;
  compiler: string;
  platform: string;
}

/** Maps Node's process.arch to Go's GOARCH names, which clients expect. */
const GOARCH: Record<string, string> = { x64: 'amd64', ia32: '386', arm64: 'arm64', arm: 'arm', ppc64: 'ppc64le', s390x: 's390x' };

/** Build facts; overridable by the release process through the environment. */
const BUILD = {
  commit: process.env.K8TS_GIT_COMMIT ?? '0000000000000000000000000000000000000000',
  date: process.env.K8TS_BUILD_DATE ?? '2024-12-11T00:00:00Z',
};

/** The body of `/version`. */
export function versionInfo(): VersionInfo {
  return {
    major: '1',
    minor: '32',
    gitVersion: 'v1.32.0-k8ts',
    gitCommit: BUILD.commit,
    gitTreeState: 'clean',
    buildDate: BUILD.date,
    goVersion: `node${process.versions.node}`,
    compiler: 'tsx',
    platform: `${process.platform}/${GOARCH[process.arch] ?? process.arch}`,
  };
}
