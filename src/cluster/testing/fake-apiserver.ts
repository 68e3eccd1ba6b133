/**
 * Test doubles for init orchestration: a tiny HTTPS "API server" that
 * authenticates client certificates like the real one and serves just what
 * cluster set-up uses (/readyz, /version, kube-system Secrets, the
 * kubernetes Endpoints), and a Store stub that records close().
 */
import { createServer } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { AddressInfo } from 'node:net';
import type { ApiServer, ApiServerConfig } from '../../control-plane/apiserver/types.ts';
import type { Store } from '../../storage/types.ts';

/** A running fake with its in-memory Secrets. */
export interface FakeApiServer extends ApiServer {
  secrets: Map<string, Record<string, unknown>>;
  /** Paths requested, in order, e.g. "GET /readyz". */
  requests: string[];
}

const PUBLIC = new Set(['/healthz', '/livez', '/readyz', '/version']);

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json' });
  res.end(text);
}

function status(code: number, reason: string, message: string) {
  return { kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason, message };
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
}

/** Start the fake; `notReadyPolls` answers /readyz with 503 that many times first. */
export function startFakeApiServer(cfg: ApiServerConfig, opts: { notReadyPolls?: number } = {}): Promise<FakeApiServer> {
  const secrets = new Map<string, Record<string, unknown>>();
  const configmaps = new Map<string, Record<string, unknown>>();
  const requests: string[] = [];
  let notReady = opts.notReadyPolls ?? 0;
  const base = '/api/v1/namespaces/kube-system/secrets';
  const server = createServer({ cert: cfg.tls.cert, key: cfg.tls.key, ca: cfg.tls.clientCA, requestCert: true, rejectUnauthorized: false },
    (req, res) => {
      void (async () => {
        const path = new URL(req.url ?? '/', 'https://x').pathname;
        requests.push(`${req.method} ${path}`);
        if (!PUBLIC.has(path) && !(req.socket as TLSSocket).authorized) return send(res, 401, status(401, 'Unauthorized', 'Unauthorized'));
        if (path === '/readyz') return notReady-- > 0 ? send(res, 503, '[-]etcd failed\nreadyz check failed') : send(res, 200, 'ok');
        if (path === '/version') return send(res, 200, { major: '1', minor: '32', gitVersion: 'v1.32.0-k8ts' });
        if (path === '/api/v1/namespaces/default/endpoints/kubernetes') {
          return send(res, 200, { subsets: [{ addresses: [{ ip: cfg.advertiseAddress }], ports: [{ name: 'https', port: (server.address() as AddressInfo).port }] }] });
        }
        // cluster-info, which init writes for joiners (src/cluster/cluster-info.ts).
        const cmBase = '/api/v1/namespaces/kube-public/configmaps';
        if (path === `${cmBase}/cluster-info` && req.method === 'GET') {
          const cm = configmaps.get('cluster-info');
          return cm ? send(res, 200, cm) : send(res, 404, status(404, 'NotFound', 'configmaps "cluster-info" not found'));
        }
        if ((path === cmBase && req.method === 'POST') || (path === `${cmBase}/cluster-info` && req.method === 'PUT')) {
          const obj = await readJson(req);
          configmaps.set('cluster-info', obj);
          return send(res, req.method === 'POST' ? 201 : 200, obj);
        }
        if (path === base && req.method === 'GET') return send(res, 200, { kind: 'SecretList', items: [...secrets.values()] });
        if (path === base && req.method === 'POST') {
          const obj = await readJson(req);
          const name = (obj.metadata as { name: string }).name;
          if (secrets.has(name)) return send(res, 409, status(409, 'AlreadyExists', `secrets "${name}" already exists`));
          secrets.set(name, obj);
          return send(res, 201, obj);
        }
        if (path.startsWith(`${base}/`) && req.method === 'DELETE') {
          const name = path.slice(base.length + 1);
          if (!secrets.delete(name)) return send(res, 404, status(404, 'NotFound', `secrets "${name}" not found`));
          return send(res, 200, status(200, '', ''));
        }
        return send(res, 404, status(404, 'NotFound', 'the server could not find the requested resource'));
      })();
    });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(cfg.port, cfg.bindAddress, () => {
      resolve({
        port: (server.address() as AddressInfo).port,
        secrets,
        requests,
        close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
      });
    });
  });
}

/** A Store stub: init only opens and closes it. `closed` tells whether close() ran. */
export function fakeStore(): Store & { closed: boolean; closedAfter?: () => boolean } {
  const fail = () => { throw new Error('fake store: not implemented'); };
  return {
    driver: 'fake', closed: false,
    currentRevision: fail, compactRevision: fail, create: fail, get: fail, list: fail, count: fail,
    update: fail, delete: fail, watch: fail, compact: fail,
    async close() { this.closed = true; },
  };
}
