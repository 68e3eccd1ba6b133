/**
 * The API server's metrics, named and labelled as upstream's so dashboards
 * and alerts written for Kubernetes work unchanged.
 */
import { Counter, Gauge, Histogram, Registry, type CounterChild, type HistogramChild } from './registry.ts';
import { processCollector } from './process.ts';

/** Labels of one served request, as upstream's apiserver_request_total. */
export interface RequestLabels {
  /** Upper-case Kubernetes verb: GET, LIST, WATCH, CREATE, UPDATE, PATCH, DELETE, DELETECOLLECTION, APPLY, CONNECT. */
  verb: string;
  /** 'All' for dryRun=All requests, else ''. */
  dryRun?: string;
  group: string;
  version: string;
  resource: string;
  subresource: string;
  /** 'resource', 'namespace', 'cluster' or '' for non-resource paths. */
  scope: string;
  /** 'apiserver' for ordinary requests. */
  component: string;
  /** HTTP status code as a string, e.g. '200'. */
  code: string;
}

/** Upstream's buckets of apiserver_request_duration_seconds. */
export const REQUEST_DURATION_BUCKETS = [
  0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1.0, 1.25, 1.5, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 45, 60,
] as const;

/** The API server's metrics and their exposition. */
export interface ApiMetrics {
  /** Records one finished request (counter + latency histogram). */
  observeRequest(labels: RequestLabels, seconds: number): void;
  /** Adjusts apiserver_current_inflight_requests; call with +1 on start and -1 at the end. */
  inflight(kind: 'readOnly' | 'mutating', delta: number): void;
  /** Adjusts apiserver_registered_watchers for a kind. */
  watchers(delta: number, group?: string, version?: string, kind?: string): void;
  /** Sets apiserver_storage_objects for a resource ("pods", "deployments.apps"). */
  storageObjects(resource: string, count: number): void;
  /** Prometheus text format 0.0.4 of everything. */
  render(): string;
}

const SEP = '\u0000';

/** Creates a fresh set of API server metrics with its own registry. */
export function createApiMetrics(): ApiMetrics {
  const reg = new Registry();
  const common = ['verb', 'dry_run', 'group', 'version', 'resource', 'subresource', 'scope', 'component'];
  const total = reg.register(new Counter('apiserver_request_total',
    'Counter of apiserver requests broken out for each verb, dry run value, group, version, resource, scope, component, and HTTP response code.',
    [...common, 'code']));
  const duration = reg.register(new Histogram('apiserver_request_duration_seconds',
    'Response latency distribution in seconds for each verb, dry run value, group, version, resource, subresource, scope and component.',
    common, REQUEST_DURATION_BUCKETS));
  const inflight = reg.register(new Gauge('apiserver_current_inflight_requests',
    'Maximal number of currently used inflight request limit of this apiserver per request kind in last second.', ['request_kind']));
  const watchers = reg.register(new Gauge('apiserver_registered_watchers',
    'Number of currently registered watchers for a given resources', ['group', 'version', 'kind']));
  const objects = reg.register(new Gauge('apiserver_storage_objects',
    'Number of stored objects at the time of last check split by kind.', ['resource']));
  reg.register(processCollector());
  // Both request instruments are looked up with one key: one join and one Map hit per request.
  const hot = new Map<string, { c: CounterChild; h: HistogramChild }>();
  inflight.with('readOnly');
  inflight.with('mutating');

  return {
    observeRequest(l, seconds) {
      const dry = l.dryRun ?? '';
      const key = l.verb + SEP + dry + SEP + l.group + SEP + l.version + SEP + l.resource + SEP + l.subresource +
        SEP + l.scope + SEP + l.component + SEP + l.code;
      let e = hot.get(key);
      if (!e) {
        const base = [l.verb, dry, l.group, l.version, l.resource, l.subresource, l.scope, l.component];
        e = { c: total.with(...base, l.code), h: duration.with(...base) };
        hot.set(key, e);
      }
      e.c.inc();
      e.h.observe(seconds);
    },
    inflight(kind, delta) {
      inflight.with(kind).add(delta);
    },
    watchers(delta, group = '', version = '', kind = '') {
      watchers.with(group, version, kind).add(delta);
    },
    storageObjects(resource, count) {
      objects.with(resource).set(count);
    },
    render: () => reg.render(),
  };
}
