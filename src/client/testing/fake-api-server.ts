/**
 * A fake API server over plain HTTP for tests of the client, informers and
 * controllers: discovery, get/list (limit/continue)/watch (history, 410,
 * bookmarks), create/update/status/finalize, delete and deletecollection,
 * answering errors as metav1.Status. Tests can compact history, drop
 * watches and make discovery of a group-version fail.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { K8sError, isK8sError } from '../../base/errors.ts';
import type { KObject } from '../../api/types.ts';
import { FakeApiStore, resKey, type FakeEvent, type FakeResource } from './fake-api-store.ts';

/** Resources a test cluster serves by default. */
export const DEFAULT_FAKE_RESOURCES: FakeResource[] = [
  { group: '', version: 'v1', kind: 'Namespace', plural: 'namespaces', namespaced: false,
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] },
  { group: '', version: 'v1', kind: 'Pod', plural: 'pods', namespaced: true, verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'update', 'watch'] },
  { group: '', version: 'v1', kind: 'ConfigMap', plural: 'configmaps', namespaced: true, verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'update', 'watch'] },
  // Services have no deletecollection upstream either: the namespace controller must delete them one by one.
  { group: '', version: 'v1', kind: 'Service', plural: 'services', namespaced: true, verbs: ['create', 'delete', 'get', 'list', 'update', 'watch'] },
  { group: 'apps', version: 'v1', kind: 'Deployment', plural: 'deployments', namespaced: true, verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'update', 'watch'] },
  { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'ClusterRole', plural: 'clusterroles', namespaced: false, verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'update', 'watch'] },
];

/** One request the fake saw (for assertions). */
export interface SeenRequest { method: string; path: string; query: URLSearchParams }

interface Route { res: string; namespace?: string; name?: string; sub?: string }

/** The running fake. */
export class FakeApiServer {
  readonly store: FakeApiStore;
  readonly requests: SeenRequest[] = [];
  /** Group-versions (e.g. 'apps/v1') whose discovery answers 503. */
  readonly failDiscovery = new Set<string>();
  private readonly server: http.Server;
  private readonly watches = new Set<{ res: http.ServerResponse; bookmarks: boolean; unsub: () => void }>();
  private readonly snapshots = new Map<string, KObject[]>();
  private tokenSeq = 0;

  constructor(resources: FakeResource[] = DEFAULT_FAKE_RESOURCES) {
    this.store = new FakeApiStore(resources);
    this.server = http.createServer((req, res) => void this.handle(req, res));
  }

  /** Listen on a free port; resolves with the base URL. */
  async start(): Promise<string> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.dropWatches();
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  /** Break every open watch connection (as a network failure would). */
  dropWatches(): void {
    for (const w of this.watches) {
      w.unsub();
      w.res.socket?.destroy();
    }
    this.watches.clear();
  }

  /** End every open watch cleanly, as the server does after timeoutSeconds. */
  endWatches(): void {
    for (const w of this.watches) {
      // Unsubscribe now so changes made right after are not sent on the ending stream.
      w.unsub();
      w.res.end();
    }
    this.watches.clear();
  }

  /** Number of open watches. */
  watchCount(): number { return this.watches.size; }

  /** Send a BOOKMARK with the current revision to watches that asked for them. */
  bookmark(): void {
    for (const w of this.watches) {
      if (w.bookmarks) w.res.write(JSON.stringify({ type: 'BOOKMARK', object: { metadata: { resourceVersion: String(this.store.rv) } } }) + '\n');
    }
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    this.requests.push({ method: req.method ?? '', path: url.pathname, query: url.searchParams });
    try {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const text = Buffer.concat(chunks).toString('utf8');
      const body = text ? JSON.parse(text) as KObject : undefined;
      const disc = this.discovery(url.pathname);
      if (disc) return send(res, 200, disc);
      const route = this.route(url.pathname);
      this.dispatch(req.method ?? 'GET', route, url.searchParams, body, res);
    } catch (e) {
      const err = isK8sError(e) ? e : new K8sError('InternalError', String(e));
      send(res, err.httpStatus, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: err.message,
        reason: err.code, details: err.details, code: err.httpStatus });
    }
  }

  private discovery(path: string): unknown {
    const rs = this.store.resources;
    if (path === '/api') return { kind: 'APIVersions', versions: ['v1'] };
    if (path === '/apis') {
      const groups = [...new Set(rs.filter((r) => r.group).map((r) => r.group))];
      return { kind: 'APIGroupList', apiVersion: 'v1', groups: groups.map((g) => {
        const versions = [...new Set(rs.filter((r) => r.group === g).map((r) => r.version))]
          .map((v) => ({ groupVersion: `${g}/${v}`, version: v }));
        return { name: g, versions, preferredVersion: versions[0] };
      }) };
    }
    const m = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))$/.exec(path);
    if (!m) return undefined;
    const group = m[2] ?? '';
    const version = m[1] ?? m[3] ?? '';
    const gv = group ? `${group}/${version}` : version;
    if (this.failDiscovery.has(gv)) throw new K8sError('ServiceUnavailable', 'the server is currently unable to handle the request');
    const list = rs.filter((r) => r.group === group && r.version === version);
    if (list.length === 0) throw new K8sError('NotFound', 'the server could not find the requested resource');
    return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: gv, resources: list.flatMap((r) => {
      const main = { name: r.plural, singularName: r.kind.toLowerCase(), namespaced: r.namespaced, kind: r.kind, verbs: r.verbs };
      const status = { name: `${r.plural}/status`, singularName: '', namespaced: r.namespaced, kind: r.kind, verbs: ['get', 'update'] };
      return [main, status];
    }) };
  }

  private route(path: string): Route {
    const m = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))\/(.*)$/.exec(path);
    if (!m) throw new K8sError('NotFound', 'the server could not find the requested resource');
    const group = m[2] ?? '';
    const version = m[1] ?? m[3] ?? '';
    const segs = (m[4] ?? '').split('/').filter(Boolean).map(decodeURIComponent);
    const known = (p?: string): boolean => !!p && this.store.resources.some((r) => resKey(r) === `${group}/${version}/${p}`);
    let namespace: string | undefined;
    if (segs[0] === 'namespaces' && segs.length >= 3 && known(segs[2])) {
      namespace = segs[1];
      segs.splice(0, 2);
    }
    const [plural, name, sub] = segs;
    if (!known(plural)) throw new K8sError('NotFound', 'the server could not find the requested resource');
    return { res: `${group}/${version}/${plural}`, namespace, name, sub };
  }

  private dispatch(method: string, r: Route, q: URLSearchParams, body: KObject | undefined, res: http.ServerResponse): void {
    const s = this.store;
    if (method === 'GET' && !r.name && q.get('watch') === 'true') return this.watch(r, q, res);
    if (method === 'GET' && !r.name) return send(res, 200, this.list(r, q));
    if (method === 'GET') return send(res, 200, s.get(r.res, r.namespace, r.name as string));
    if (method === 'POST' && !r.name) return send(res, 201, s.create(r.res, r.namespace, body as KObject));
    if (method === 'PUT' && r.name) {
      const part = r.sub === 'status' || r.sub === 'finalize' ? r.sub : undefined;
      return send(res, 200, s.update(r.res, r.namespace, r.name, body as KObject, part));
    }
    if (method === 'DELETE' && r.name) return send(res, 200, s.delete(r.res, r.namespace, r.name));
    if (method === 'DELETE') {
      if (!s.resource(r.res).verbs.includes('deletecollection')) throw new K8sError('MethodNotAllowed', 'deletecollection is not supported');
      for (const o of s.list(r.res, r.namespace)) {
        if (!o.metadata.deletionTimestamp) s.delete(r.res, r.namespace, o.metadata.name as string);
      }
      return send(res, 200, { kind: 'Status', apiVersion: 'v1', status: 'Success', metadata: {} });
    }
    throw new K8sError('MethodNotAllowed', `${method} is not supported`);
  }

  private list(r: Route, q: URLSearchParams): unknown {
    const limit = Number(q.get('limit') ?? 0);
    const cont = q.get('continue');
    let items: KObject[];
    let rv: string;
    let start = 0;
    if (cont) {
      const [tok, off, at] = cont.split(':');
      const snap = this.snapshots.get(tok as string);
      if (!snap) throw new K8sError('Gone', 'The provided continue parameter is too old');
      items = snap;
      start = Number(off);
      rv = at as string;
    } else {
      items = this.store.list(r.res, r.namespace);
      rv = String(this.store.rv);
    }
    const page = limit > 0 ? items.slice(start, start + limit) : items.slice(start);
    const meta: Record<string, unknown> = { resourceVersion: rv };
    if (limit > 0 && start + limit < items.length) {
      const tok = `t${++this.tokenSeq}`;
      this.snapshots.set(tok, items);
      meta.continue = `${tok}:${start + limit}:${rv}`;
    }
    return { kind: 'List', apiVersion: 'v1', metadata: meta, items: page };
  }

  private watch(r: Route, q: URLSearchParams, res: http.ServerResponse): void {
    const from = Number(q.get('resourceVersion') || this.store.rv);
    res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
    // Clients wait for the headers before they start reading events.
    res.flushHeaders();
    const write = (e: FakeEvent): void => {
      if (e.res !== r.res || e.rv <= from) return;
      if (r.namespace && e.object.metadata.namespace !== r.namespace) return;
      res.write(JSON.stringify({ type: e.type, object: e.object }) + '\n');
    };
    if (from < this.store.compactedRv) {
      res.end(JSON.stringify({ type: 'ERROR', object: { kind: 'Status', apiVersion: 'v1', status: 'Failure',
        message: `too old resource version: ${from} (${this.store.compactedRv})`, reason: 'Expired', code: 410 } }) + '\n');
      return;
    }
    for (const e of this.store.history) write(e);
    const unsub = this.store.subscribe(write);
    const entry = { res, bookmarks: q.get('allowWatchBookmarks') === 'true', unsub };
    this.watches.add(entry);
    const timeout = Number(q.get('timeoutSeconds') ?? 0);
    const timer = timeout > 0 ? setTimeout(() => res.end(), timeout * 1000) : undefined;
    res.on('close', () => {
      unsub();
      this.watches.delete(entry);
      if (timer) clearTimeout(timer);
    });
  }
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}
