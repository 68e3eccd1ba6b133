/**
 * Parses a request path into what it addresses, as upstream's
 * RequestInfoFactory does: API prefix, group, version, namespace, resource,
 * name, subresource and the Kubernetes verb.
 */

/** What a request addresses. */
export interface RequestInfo {
  /** True for /api/... and /apis/... paths naming a resource. */
  isResource: boolean;
  /** Kubernetes verb: get, list, watch, create, update, patch, delete, deletecollection (or the HTTP method lower-cased for non-resource paths). */
  verb: string;
  group: string;
  version: string;
  namespace: string;
  resource: string;
  subresource: string;
  name: string;
  /** Path segments after the subresource (e.g. pod proxy paths). */
  rest: string[];
}

// Subresources of a namespace itself, which would otherwise read as a namespaced resource.
const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

/** Parse `method` + `path` (no query) + whether `?watch=true` was given. */
export function parseRequestInfo(method: string, path: string, watchParam: boolean): RequestInfo {
  const info: RequestInfo = {
    isResource: false, verb: method.toLowerCase(), group: '', version: '', namespace: '', resource: '',
    subresource: '', name: '', rest: [],
  };
  const parts = path.split('/').filter((p) => p !== '');
  let i: number;
  if (parts[0] === 'api') {
    if (parts.length < 3) return info;
    info.version = parts[1];
    i = 2;
  } else if (parts[0] === 'apis') {
    if (parts.length < 4) return info;
    info.group = parts[1];
    info.version = parts[2];
    i = 3;
  } else {
    return info;
  }
  info.isResource = true;
  let cur = parts.slice(i).map(decodeURIComponent);
  let legacyWatch = false;
  if (cur[0] === 'watch') {
    legacyWatch = true;
    cur = cur.slice(1);
  }
  if (cur[0] === 'namespaces' && cur.length > 1) {
    info.namespace = cur[1];
    if (cur.length > 2 && !NAMESPACE_SUBRESOURCES.has(cur[2])) cur = cur.slice(2);
  }
  info.resource = cur[0] ?? '';
  info.name = cur[1] ?? '';
  info.subresource = cur[2] ?? '';
  info.rest = cur.slice(3);
  if (info.resource === 'namespaces' && info.name === '' && info.namespace !== '' && cur[0] === 'namespaces') {
    // /api/v1/namespaces/foo: the namespace object itself.
    info.name = info.namespace;
  }
  if (info.resource === 'namespaces') info.namespace = '';

  const m = method.toUpperCase();
  if (m === 'GET' || m === 'HEAD') {
    if (legacyWatch || watchParam) info.verb = 'watch';
    else info.verb = info.name ? 'get' : 'list';
  } else if (m === 'POST') info.verb = 'create';
  else if (m === 'PUT') info.verb = 'update';
  else if (m === 'PATCH') info.verb = 'patch';
  else if (m === 'DELETE') info.verb = info.name ? 'delete' : 'deletecollection';
  return info;
}
