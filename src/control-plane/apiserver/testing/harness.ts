/**
 * Test harness: an API server on an in-memory SQLite store with a fresh PKI,
 * and an HTTPS client that presents the admin certificate (or none).
 */
import https from 'node:https';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nullLogger } from '../../../base/logger.ts';
import { openStore } from '../../../storage/index.ts';
import { ensurePki, type ClusterPki } from '../../../cluster/pki.ts';
import type { Store } from '../../../storage/types.ts';
import { startApiServer } from '../server.ts';
import type { ApiServer } from '../types.ts';

/** A response as the tests see it. */
export interface TestResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** Parsed JSON body, when it is JSON. */
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** A running test server. */
export interface TestServer {
  server: ApiServer;
  store: Store;
  pki: ClusterPki;
  port: number;
  /** Request as the admin (client cert) unless `anonymous`. */
  request(method: string, path: string, body?: unknown, opts?: { contentType?: string; accept?: string; anonymous?: boolean; raw?: string | Buffer }): Promise<TestResponse>;
  close(): Promise<void>;
}

let sharedPki: Promise<ClusterPki> | undefined;
let pkiDir: string | undefined;

/** Start a server for a test file. */
export async function startTestServer(): Promise<TestServer> {
  if (!sharedPki) {
    pkiDir = mkdtempSync(join(tmpdir(), 'k8ts-pki-'));
    sharedPki = ensurePki({ pkiDir, advertiseAddress: '127.0.0.1', serviceCIDR: '10.43.0.0/16' });
    process.on('exit', () => rmSync(pkiDir!, { recursive: true, force: true }));
  }
  const pki = await sharedPki;
  const store = await openStore('sqlite::memory:', { logger: nullLogger });
  const server = await startApiServer({
    store, bindAddress: '127.0.0.1', port: 0, advertiseAddress: '127.0.0.1',
    tls: { cert: pki.apiserver.certPem, key: pki.apiserver.keyPem, clientCA: pki.ca.certPem },
    serviceCIDR: '10.43.0.0/16', logger: nullLogger,
  });
  const admin = new https.Agent({ keepAlive: true, ca: pki.ca.certPem, cert: pki.admin.certPem, key: pki.admin.keyPem });
  const anon = new https.Agent({ keepAlive: true, ca: pki.ca.certPem });
  const request: TestServer['request'] = (method, path, body, opts = {}) => new Promise((resolve, reject) => {
    const payload = opts.raw ?? (body === undefined ? undefined : JSON.stringify(body));
    const headers: Record<string, string> = { accept: opts.accept ?? 'application/json' };
    if (payload !== undefined) headers['content-type'] = opts.contentType ?? 'application/json';
    const req = https.request({ host: '127.0.0.1', port: server.port, method, path, headers, agent: opts.anonymous ? anon : admin }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try { json = JSON.parse(text); } catch { json = undefined; }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    if (payload !== undefined) req.end(payload);
    else req.end();
  });
  return {
    server, store, pki, port: server.port, request,
    async close() {
      admin.destroy();
      anon.destroy();
      await server.close();
      await store.close();
    },
  };
}
