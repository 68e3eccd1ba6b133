/**
 * Request dispatch: health and version (open to anyone, as upstream's
 * system:public-info-viewer), then authentication, discovery, OpenAPI,
 * metrics, and the resource handlers by verb and subresource.
 */
import type { IncomingMessage } from 'node:http';
import type { Http2ServerRequest } from 'node:http2';
import { K8sError } from '../../base/errors.ts';
import { findResource } from '../../api/resources.ts';
import { discoveryResponse, versionInfo } from './discovery/index.ts';
import { openapiResponse } from './openapi/index.ts';
import type { ApiMetrics } from './metrics/index.ts';
import { EXPOSITION_CONTENT_TYPE } from './metrics/index.ts';
import { parseRequestInfo, type RequestInfo } from './http/request-info.ts';
import { sendError, sendJSON, sendText, type Res } from './http/respond.ts';
import { createAuthenticator, type RequestAuthenticator } from './authn/chain.ts';
import type { ServiceAccountTokens } from './authn/serviceaccount-jwt.ts';
import { handleServiceAccountToken } from './handlers/serviceaccount-token.ts';
import type { RegistryContext } from './registry/types.ts';
import type { HandlerContext, UserInfo } from './handlers/context.ts';
import { handleGet, handleList } from './handlers/read.ts';
import { handleCreate, handleUpdate } from './handlers/write.ts';
import { handlePatch } from './handlers/patch.ts';
import { handleDelete, handleDeleteCollection } from './handlers/delete.ts';
import { handleWatch } from './handlers/watch.ts';
import { handleScale } from './handlers/scale.ts';
import { handleBinding, handleEviction } from './handlers/pod-subresources.ts';
import { handlePodLog } from './handlers/pod-proxy-log.ts';
import type { KubeletClientTLS } from './streaming/kubelet-target.ts';

/** What the router needs from the server. */
export interface RouterDeps {
  reg: RegistryContext;
  metrics: ApiMetrics;
  isReady(): boolean;
  shutdown: AbortSignal;
  /** Authentication chain; default: client certificates and bootstrap tokens. */
  authenticate?: RequestAuthenticator;
  /** Service-account token signer (TokenRequest); absent = serviceaccounts/token is unavailable. */
  serviceAccountTokens?: ServiceAccountTokens;
  /** Client identity towards kubelets (pods/log; exec/attach/portforward are upgrades, see streaming/). */
  kubeletClient?: KubeletClientTLS;
}

const PUBLIC = new Set(['/healthz', '/livez', '/readyz', '/version', '/version/']);

type Handler = (h: HandlerContext) => Promise<void>;

function pickHandler(info: RequestInfo, subresources: string[], deps: RouterDeps): Handler {
  const sub = info.subresource;
  if (sub) {
    if (!subresources.includes(sub)) throw new K8sError('NotFound', 'the server could not find the requested resource');
    if (sub === 'token' && info.verb === 'create') return (h) => handleServiceAccountToken(h, deps.serviceAccountTokens);
    if (sub === 'scale') return handleScale;
    if (sub === 'binding' && info.verb === 'create') return handleBinding;
    if (sub === 'eviction' && info.verb === 'create') return handleEviction;
    if (sub === 'log' && info.verb === 'get' && info.resource === 'pods') return (h) => handlePodLog(h, deps.kubeletClient);
    if ((sub === 'exec' || sub === 'attach' || sub === 'portforward') && info.resource === 'pods' && (info.verb === 'get' || info.verb === 'create')) {
      throw new K8sError('BadRequest', 'Upgrade request required');
    }
    if (info.verb === 'get') return handleGet;
    if (info.verb === 'update') return handleUpdate;
    if (info.verb === 'patch' && sub === 'status') return handlePatch;
    throw new K8sError('MethodNotAllowed', 'the server does not allow this method on the requested resource');
  }
  switch (info.verb) {
    case 'get': return handleGet;
    case 'list': return handleList;
    case 'watch': return handleWatch;
    case 'create': return handleCreate;
    case 'update': return handleUpdate;
    case 'patch': return handlePatch;
    case 'delete': return handleDelete;
    case 'deletecollection': return handleDeleteCollection;
    default: throw new K8sError('MethodNotAllowed', 'the server does not allow this method on the requested resource');
  }
}

function metricVerb(info: RequestInfo, method: string): string {
  if (info.verb === 'list') return 'LIST';
  if (info.verb === 'watch') return 'WATCH';
  if (info.verb === 'deletecollection') return 'DELETECOLLECTION';
  return method.toUpperCase();
}

/** Build the request handler. */
export function createRouter(deps: RouterDeps): (req: IncomingMessage | Http2ServerRequest, res: Res) => void {
  const authenticate = deps.authenticate ?? createAuthenticator({ reg: deps.reg, logger: deps.reg.logger });
  return (req, res) => {
    const started = performance.now();
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const query = new URLSearchParams(q < 0 ? '' : url.slice(q + 1));
    const method = req.method ?? 'GET';
    const info = parseRequestInfo(method, path, isWatchParam(query.get('watch')));
    let code = 200;
    const done = (): void => {
      if (!info.isResource) return;
      deps.metrics.observeRequest({
        verb: metricVerb(info, method), dryRun: query.has('dryRun') ? 'All' : '', group: info.group, version: info.version,
        resource: info.resource, subresource: info.subresource,
        scope: info.name || !info.namespace ? (info.namespace ? 'resource' : 'cluster') : 'namespace',
        component: 'apiserver', code: String(code),
      }, (performance.now() - started) / 1000);
    };
    const run = async (): Promise<void> => {
      if (PUBLIC.has(path) || path.startsWith('/healthz/') || path.startsWith('/livez/') || path.startsWith('/readyz/')) {
        if (path.startsWith('/version')) return sendJSON(res, 200, versionInfo());
        if (path.startsWith('/readyz') && !deps.isReady()) {
          code = 500;
          return sendText(res, 500, '[-]bootstrap failed: not ready\nreadyz check failed\n');
        }
        return sendText(res, 200, 'ok');
      }
      const user: UserInfo | undefined = await authenticate(req, method, path);
      if (!user) throw new K8sError('Unauthorized', 'Unauthorized');
      const accept = req.headers.accept;
      const disc = discoveryResponse(path, accept);
      if (disc) {
        if (disc.etag && req.headers['if-none-match'] === disc.etag) {
          (res as import('node:http').ServerResponse).writeHead(304, { etag: disc.etag });
          res.end();
          return;
        }
        const headers: Record<string, string> = { 'content-type': disc.contentType, vary: 'Accept' };
        if (disc.etag) headers.etag = disc.etag;
        (res as import('node:http').ServerResponse).writeHead(disc.status, headers);
        res.end(disc.body);
        return;
      }
      const oa = openapiResponse(path, query, accept);
      if (oa) {
        const headers: Record<string, string> = { 'content-type': oa.contentType, vary: 'Accept' };
        if (oa.etag) headers.etag = oa.etag;
        if (oa.cacheControl) headers['cache-control'] = oa.cacheControl;
        if (oa.etag && req.headers['if-none-match'] === oa.etag) {
          (res as import('node:http').ServerResponse).writeHead(304, headers);
          res.end();
          return;
        }
        (res as import('node:http').ServerResponse).writeHead(oa.status, headers);
        res.end(oa.body);
        return;
      }
      if (path === '/metrics') return sendText(res, 200, deps.metrics.render(), EXPOSITION_CONTENT_TYPE);
      if (!info.isResource) throw new K8sError('NotFound', 'the server could not find the requested resource');
      const r = findResource(info.group, info.version, info.resource);
      if (!r) throw new K8sError('NotFound', 'the server could not find the requested resource');
      if (!r.namespaced && info.namespace) throw new K8sError('NotFound', 'the server could not find the requested resource');
      if (!r.verbs.includes(info.verb) && !info.subresource) {
        throw new K8sError('MethodNotAllowed', `the server does not allow this method on the requested resource`);
      }
      const h: HandlerContext = {
        reg: deps.reg, req, res, info, query, resource: r, user, warnings: [], shutdown: deps.shutdown,
        onWatch: (d) => deps.metrics.watchers(d, r.group, r.version, r.kind),
      };
      await pickHandler(info, r.subresources, deps)(h);
    };
    run().then(done, (e) => {
      try {
        code = sendError(res, e);
      } catch (sendErr) {
        // The response is unusable (e.g. the stream is gone); never let that take the server down.
        code = 500;
        deps.reg.logger.warn('could not send error response', { method, path, err: sendErr as Error });
        try { res.destroy?.(); } catch { /* already closed */ }
      }
      if (code >= 500) deps.reg.logger.error('request failed', { method, path, err: e as Error });
      done();
    });
  };
}

/** As upstream's request info: any `watch` value but false/0 (any case) makes a list a watch (python sends `True`). */
function isWatchParam(v: string | null): boolean {
  if (v === null) return false;
  const l = v.toLowerCase();
  return l !== 'false' && l !== '0';
}
