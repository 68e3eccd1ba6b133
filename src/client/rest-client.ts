/**
 * The REST client: every verb of the Kubernetes API, JSON bodies, x509
 * client certificates or a bearer token. https:// servers are spoken to over
 * HTTP/2 (one multiplexed connection, as client-go does); plain http:// (tests)
 * over HTTP/1.1 with a keep-alive pool. Failed responses become K8sError from
 * the server's Status.
 */
import http from 'node:http';
import https from 'node:https';
import { constants as http2constants } from 'node:http2';
import { K8sError } from '../base/errors.ts';
import type { KObject } from '../api/types.ts';
import type {
  ClientConfig, DeleteOptions, KList, KubeClient, ListOptions, PatchType, ResourceRef, WatchStream, WriteOptions,
} from './types.ts';
import { DELETE_COLLECTION_KEYS, DELETE_KEYS, LIST_KEYS, WATCH_KEYS, WRITE_KEYS, queryString, resourcePath } from './url.ts';
import { errorFromResponse } from './status-error.ts';
import { HttpWatch } from './watch.ts';
import { H2Transport } from './h2-transport.ts';

const PATCH_CONTENT_TYPES: Record<PatchType, string> = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
};

/** The answer of one request before decoding. */
interface RawResponse { status: number; body: string }

/** A {@link KubeClient} talking to a real API server. */
export class RestClient implements KubeClient {
  private readonly base: URL;
  /** https:// servers: every request and watch is a stream of one HTTP/2 session. */
  private readonly h2?: H2Transport;
  private readonly agent: http.Agent;
  /** HTTP/1.1 watches hold a connection each for minutes; a separate uncapped pool keeps them from starving requests. */
  private readonly watchAgent: http.Agent;
  private readonly mod: typeof http | typeof https;
  private readonly timeoutMs: number;

  constructor(private readonly cfg: ClientConfig) {
    try {
      this.base = new URL(cfg.server);
    } catch {
      throw new K8sError('BadRequest', `invalid server URL ${JSON.stringify(cfg.server)}`);
    }
    const secure = this.base.protocol === 'https:';
    if (!secure && this.base.protocol !== 'http:') throw new K8sError('BadRequest', 'server URL must be https:// or http://');
    this.mod = secure ? https : http;
    this.timeoutMs = cfg.timeoutMs ?? 60_000;
    const agent = (maxSockets: number): http.Agent => (secure
      ? new https.Agent({
        keepAlive: true,
        maxSockets,
        ca: cfg.ca,
        cert: cfg.cert,
        key: cfg.key,
        rejectUnauthorized: !cfg.insecureSkipTLSVerify,
      })
      : new http.Agent({ keepAlive: true, maxSockets }));
    this.agent = agent(64);
    this.watchAgent = agent(Infinity);
    if (secure) {
      this.h2 = new H2Transport(this.base, { ca: cfg.ca, cert: cfg.cert, key: cfg.key, rejectUnauthorized: !cfg.insecureSkipTLSVerify });
    }
  }

  private fullPath(path: string): string {
    return (this.base.pathname.replace(/\/$/, '')) + path;
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    const h: Record<string, string> = {
      Accept: 'application/json',
      'User-Agent': this.cfg.userAgent ?? 'k8ts',
      ...extra,
    };
    if (this.cfg.token) h.Authorization = `Bearer ${this.cfg.token}`;
    return h;
  }

  private open(method: string, path: string, headers: Record<string, string>, timeoutMs?: number,
    agent: http.Agent = this.agent): http.ClientRequest {
    return this.mod.request({
      protocol: this.base.protocol,
      hostname: this.base.hostname,
      port: this.base.port || undefined,
      path: this.fullPath(path),
      method,
      agent,
      headers,
      timeout: timeoutMs,
    });
  }

  /** One request with a JSON (or given) body; resolves with status and text. */
  private raw(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<RawResponse> {
    const payload = body === undefined ? undefined : (typeof body === 'string' ? body : JSON.stringify(body));
    const extra: Record<string, string> = {};
    if (payload !== undefined) {
      extra['Content-Type'] = contentType;
      extra['Content-Length'] = String(Buffer.byteLength(payload));
    }
    if (this.h2) return this.h2.request(method, this.fullPath(path), this.headers(extra), payload, this.timeoutMs);
    return new Promise((resolve, reject) => {
      const req = this.open(method, path, this.headers(extra), this.timeoutMs);
      req.on('timeout', () => req.destroy(new K8sError('Timeout', `request ${method} ${path} timed out`)));
      req.on('error', (err) => reject(err instanceof K8sError ? err
        : new K8sError('ServiceUnavailable', `request ${method} ${path} failed: ${err.message}`)));
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', (err) => reject(new K8sError('ServiceUnavailable', `response of ${method} ${path} failed: ${err.message}`)));
      });
      req.end(payload);
    });
  }

  /** Request and decode: 2xx -> parsed JSON, otherwise the server's error. */
  private async call<T>(method: string, path: string, body?: unknown, contentType?: string): Promise<T> {
    const r = await this.raw(method, path, body, contentType);
    if (r.status < 200 || r.status > 299) throw errorFromResponse(r.status, r.body);
    try {
      return JSON.parse(r.body) as T;
    } catch {
      throw new K8sError('InternalError', `invalid JSON in the response to ${method} ${path}`);
    }
  }

  get<T extends KObject = KObject>(ref: ResourceRef, opts?: { resourceVersion?: string }): Promise<T> {
    return this.call<T>('GET', resourcePath(ref) + queryString(opts, ['resourceVersion']));
  }

  list<T extends KObject = KObject>(ref: ResourceRef, opts?: ListOptions): Promise<KList<T>> {
    return this.call<KList<T>>('GET', resourcePath({ ...ref, name: undefined }) + queryString(opts, LIST_KEYS));
  }

  create<T extends KObject = KObject>(ref: ResourceRef, body: KObject, opts?: WriteOptions): Promise<T> {
    return this.call<T>('POST', resourcePath(ref) + queryString(opts, WRITE_KEYS), body);
  }

  update<T extends KObject = KObject>(ref: ResourceRef, body: KObject, opts?: WriteOptions): Promise<T> {
    const name = ref.name ?? body.metadata?.name;
    return this.call<T>('PUT', resourcePath({ ...ref, name }) + queryString(opts, WRITE_KEYS), body);
  }

  patch<T extends KObject = KObject>(ref: ResourceRef, type: PatchType, patch: unknown,
    opts?: WriteOptions & { force?: boolean }): Promise<T> {
    return this.call<T>('PATCH', resourcePath(ref) + queryString(opts, WRITE_KEYS), patch, PATCH_CONTENT_TYPES[type]);
  }

  delete(ref: ResourceRef, opts?: DeleteOptions): Promise<KObject> {
    return this.call<KObject>('DELETE', resourcePath(ref) + queryString(opts, DELETE_KEYS), deleteBody(opts));
  }

  deleteCollection(ref: ResourceRef, opts?: DeleteOptions & ListOptions): Promise<KObject> {
    return this.call<KObject>('DELETE', resourcePath({ ...ref, name: undefined }) + queryString(opts, DELETE_COLLECTION_KEYS),
      deleteBody(opts));
  }

  getPath<T = unknown>(path: string): Promise<T> {
    return this.call<T>('GET', path);
  }

  watch<T extends KObject = KObject>(ref: ResourceRef, opts?: ListOptions): Promise<WatchStream<T>> {
    const path = resourcePath({ ...ref, name: undefined }) + queryString({ ...opts, watch: 'true' }, WATCH_KEYS);
    if (this.h2) return this.watchH2<T>(path);
    return new Promise((resolve, reject) => {
      // No socket timeout: a quiet watch is healthy; the server ends it after timeoutSeconds.
      const req = this.open('GET', path, this.headers(), undefined, this.watchAgent);
      req.on('error', (err) => reject(new K8sError('ServiceUnavailable', `watch ${path} failed: ${err.message}`)));
      req.on('response', (res) => {
        const status = res.statusCode ?? 0;
        if (status === 200) {
          resolve(new HttpWatch<T>(res, () => req.destroy()));
          return;
        }
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => reject(errorFromResponse(status, Buffer.concat(chunks).toString('utf8'))));
        res.on('error', (err) => reject(new K8sError('ServiceUnavailable', `watch ${path} failed: ${err.message}`)));
      });
      req.end();
    });
  }

  private async watchH2<T extends KObject>(path: string): Promise<WatchStream<T>> {
    // No stream timeout: a quiet watch is healthy; the server ends it after timeoutSeconds.
    const { status, stream } = await this.h2!.stream(this.fullPath(path), this.headers());
    if (status === 200) return new HttpWatch<T>(stream, () => { if (!stream.destroyed) stream.close(http2constants.NGHTTP2_CANCEL); });
    const chunks: Buffer[] = [];
    return new Promise((_resolve, reject) => {
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => reject(errorFromResponse(status, Buffer.concat(chunks).toString('utf8'))));
      stream.on('error', (err: Error) => reject(new K8sError('ServiceUnavailable', `watch ${path} failed: ${err.message}`)));
    });
  }

  close(): void {
    this.h2?.close();
    this.agent.destroy();
    this.watchAgent.destroy();
  }
}

/** DeleteOptions body when preconditions are given (they have no query form). */
function deleteBody(opts?: DeleteOptions): unknown {
  if (!opts?.preconditions) return undefined;
  const body: Record<string, unknown> = { kind: 'DeleteOptions', apiVersion: 'v1', preconditions: opts.preconditions };
  if (opts.propagationPolicy) body.propagationPolicy = opts.propagationPolicy;
  if (opts.gracePeriodSeconds !== undefined) body.gracePeriodSeconds = opts.gracePeriodSeconds;
  return body;
}

/** Create a {@link RestClient}. */
export function createClient(cfg: ClientConfig): KubeClient {
  return new RestClient(cfg);
}
