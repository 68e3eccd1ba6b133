/**
 * The three ways a client changes a Deployment, as the benchmark sends them:
 * a plain PUT of the whole object, the strategic merge patch kubectl's
 * client-side apply computes (with the last-applied annotation), and a
 * server-side apply configuration.
 */

/** The configuration a user would keep in a file; `v` changes each round. */
export function config(name: string, v: number): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: { name, labels: { app: name, round: String(v) }, annotations: { 'bench/round': String(v) } },
    spec: {
      replicas: 0,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'web', image: 'nginx:1.25', ports: [{ containerPort: 80 }], env: [{ name: 'MODE', value: 'bench' }] }] },
      },
    },
  };
}

/** The PUT body: the live object with the configuration's metadata changes. */
export function updated(live: Record<string, any>, v: number): Record<string, unknown> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const meta = { ...live.metadata, labels: { ...live.metadata.labels, round: String(v) }, annotations: { ...live.metadata.annotations, 'bench/round': String(v) } };
  delete meta.resourceVersion; // unconditional, as a read-modify-write without retries would not be
  return { ...live, metadata: meta };
}

/** What `kubectl apply` (client-side) sends when only the round changed: a strategic merge patch. */
export function clientSideApplyPatch(name: string, v: number): Record<string, unknown> {
  const last = JSON.stringify(config(name, v));
  return { metadata: { annotations: { 'bench/round': String(v), 'kubectl.kubernetes.io/last-applied-configuration': `${last}\n` }, labels: { round: String(v) } } };
}
