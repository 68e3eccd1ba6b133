/**
 * Discovery entry point for the router: maps a discovery path and Accept
 * header to a ready response. Every body is static for a given resource
 * table, so they are serialized once and reused.
 */
import { createHash } from 'node:crypto';
import { onResourcesChanged } from '../../../api/resources.ts';
import { K8sError } from '../../../base/errors.ts';
import { servedGroups } from './group-versions.ts';
import { apiGroup, apiGroupList, apiResourceList, apiVersions } from './legacy.ts';
import { groupDiscoveryList } from './aggregated.ts';
import { negotiateDiscovery, type DiscoveryFormat } from './negotiate.ts';

/** A discovery answer, ready to write. */
export interface DiscoveryResponse {
  status: number;
  contentType: string;
  body: string;
  /** Strong ETag (quoted) of aggregated documents; clients send it back in If-None-Match. */
  etag?: string;
}

/** Content-Type of aggregated answers; client-go checks g, v and as before trusting the body. */
export function aggregatedContentType(version: 'v2' | 'v2beta1'): string {
  return `application/json;g=apidiscovery.k8s.io;v=${version};as=APIGroupDiscoveryList`;
}

interface Bodies {
  json: string;
  v2?: DiscoveryResponse;
  v2beta1?: DiscoveryResponse;
}

let serverAddress = '127.0.0.1:6443';
let cache: Map<string, Bodies> | undefined;
// CustomResourceDefinitions change what is served: rebuild on next request.
onResourcesChanged(() => { cache = undefined; });

/**
 * Sets the address reported in `/api`'s serverAddressByClientCIDRs (the
 * advertise address and port). Call once at start-up.
 */
export function setDiscoveryServerAddress(address: string): void {
  serverAddress = address;
  cache = undefined;
}

function aggregated(doc: object, version: 'v2' | 'v2beta1'): DiscoveryResponse {
  const body = JSON.stringify(doc);
  const etag = `"${createHash('sha256').update(body).digest('hex')}"`;
  return { status: 200, contentType: aggregatedContentType(version), body, etag };
}

function build(): Map<string, Bodies> {
  const groups = servedGroups();
  const core = groups.filter((g) => g.name === '');
  const named = groups.filter((g) => g.name !== '');
  const m = new Map<string, Bodies>();
  m.set('/api', {
    json: JSON.stringify(apiVersions(serverAddress)),
    v2: aggregated(groupDiscoveryList(core, 'apidiscovery.k8s.io/v2'), 'v2'),
    v2beta1: aggregated(groupDiscoveryList(core, 'apidiscovery.k8s.io/v2beta1'), 'v2beta1'),
  });
  m.set('/apis', {
    json: JSON.stringify(apiGroupList(groups)),
    v2: aggregated(groupDiscoveryList(named, 'apidiscovery.k8s.io/v2'), 'v2'),
    v2beta1: aggregated(groupDiscoveryList(named, 'apidiscovery.k8s.io/v2beta1'), 'v2beta1'),
  });
  for (const g of groups) {
    if (g.name) m.set(`/apis/${g.name}`, { json: JSON.stringify(apiGroup(g)) });
    for (const v of g.versions) {
      const path = g.name ? `/apis/${g.name}/${v}` : `/api/${v}`;
      m.set(path, { json: JSON.stringify(apiResourceList(g.name, v, g.resources.get(v) ?? [])) });
    }
  }
  return m;
}

function notAcceptable(): DiscoveryResponse {
  const err = new K8sError('NotAcceptable', 'only the following media types are accepted: application/json, ' +
    `${aggregatedContentType('v2')}, ${aggregatedContentType('v2beta1')}`);
  const status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: err.message, reason: err.code, code: err.httpStatus };
  return { status: err.httpStatus, contentType: 'application/json', body: JSON.stringify(status) };
}

/**
 * Answers a discovery request, or returns undefined when `path` is not a
 * discovery path (the router then goes on to resource handling).
 */
export function discoveryResponse(path: string, accept: string | undefined): DiscoveryResponse | undefined {
  cache ??= build();
  const key = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  const bodies = cache.get(key);
  if (!bodies) return undefined;
  const format: DiscoveryFormat | undefined = negotiateDiscovery(accept, bodies.v2 !== undefined);
  if (format === undefined) return notAcceptable();
  if (format === 'v2' && bodies.v2) return bodies.v2;
  if (format === 'v2beta1' && bodies.v2beta1) return bodies.v2beta1;
  return { status: 200, contentType: 'application/json', body: bodies.json };
}
