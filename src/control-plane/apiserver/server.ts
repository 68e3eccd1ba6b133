/**
 * The API server process part: an HTTPS server speaking HTTP/2 and
 * HTTP/1.1, asking for (but not requiring) client certificates, wired to
 * the router, the registry and admission; it creates the cluster's
 * bootstrap objects and only then reports ready.
 */
import http2 from 'node:http2';
import { setMaxListeners } from 'node:events';
import type { Socket } from 'node:net';
import { realClock } from '../../base/clock.ts';
import { createApiMetrics } from './metrics/index.ts';
import { setDiscoveryServerAddress } from './discovery/index.ts';
import { createRouter } from './router.ts';
import { createUpgradeProxy } from './streaming/upgrade-proxy.ts';
import { createAuthenticator } from './authn/chain.ts';
import { ServiceAccountTokens } from './authn/serviceaccount-jwt.ts';
import { openapiResponse } from './openapi/index.ts';
import { bootstrapCluster } from './bootstrap.ts';
import { startCrdController } from './crd/controller.ts';
import { namespaceLifecycle } from './admission/namespace-lifecycle.ts';
import { serviceAllocation } from './admission/service-allocation.ts';
import { limitRanger } from './admission/limit-ranger.ts';
import { resourceQuota } from './admission/resource-quota.ts';
import type { RegistryContext } from './registry/types.ts';
import type { ApiServer, ApiServerConfig } from './types.ts';

/** Start serving; resolves once listening and bootstrapped. */
export async function startApiServer(cfg: ApiServerConfig): Promise<ApiServer> {
  const logger = cfg.logger.child({ component: 'apiserver' });
  const reg: RegistryContext = { store: cfg.store, clock: cfg.clock ?? realClock, logger, admission: [] };
  reg.admission.push(
    namespaceLifecycle(() => reg),
    limitRanger(() => reg),
    serviceAllocation(() => reg.store, { serviceCIDR: cfg.serviceCIDR, nodePortRange: cfg.nodePortRange ?? [30000, 32767] }),
    // Last, as upstream: quota charges what the earlier plugins let through (and defaulted).
    resourceQuota(() => reg),
  );
  const metrics = createApiMetrics();
  const shutdown = new AbortController();
  // Every open watch listens for shutdown; thousands of watches are normal, not a leak.
  setMaxListeners(0, shutdown.signal);
  let ready = false;
  const serviceAccountTokens = cfg.serviceAccount ? new ServiceAccountTokens(cfg.serviceAccount, cfg.serviceAccount) : undefined;
  const authenticate = createAuthenticator({ reg, serviceAccountTokens, clock: reg.clock, logger });
  const router = createRouter({ reg, metrics, isReady: () => ready, shutdown: shutdown.signal, authenticate, serviceAccountTokens, kubeletClient: cfg.kubeletClient });

  const server = http2.createSecureServer({
    cert: cfg.tls.cert,
    key: cfg.tls.key,
    ca: cfg.tls.clientCA,
    requestCert: true,
    // Unauthenticated clients may still reach /healthz and /version; the router answers 401 elsewhere.
    rejectUnauthorized: false,
    allowHTTP1: true,
    settings: { maxConcurrentStreams: 1000 },
    minVersion: 'TLSv1.2',
  }, router);
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('session', (session) => {
    session.on('error', (e) => logger.debug('http2 session error', { err: e }));
  });
  // HTTP/1.1 upgrades (exec, attach, portforward): the HTTP/1 fallback of the http2 server emits them here.
  server.on('upgrade', createUpgradeProxy({ reg, authenticate, kubeletClient: cfg.kubeletClient, logger }));
  server.on('tlsClientError', (e) => logger.debug('tls client error', { err: e }));
  server.on('error', (e) => logger.error('server error', { err: e }));

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(cfg.port, cfg.bindAddress, () => { server.off('error', reject); resolve(); });
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : cfg.port;
  setDiscoveryServerAddress(`${cfg.advertiseAddress}:${port}`);
  // Build the OpenAPI documents now (a few hundred ms) rather than on kubectl's first request.
  openapiResponse('/openapi/v3', new URLSearchParams(), 'application/json');
  openapiResponse('/openapi/v2', new URLSearchParams(), 'application/json');
  try {
    await bootstrapCluster(reg, { serviceCIDR: cfg.serviceCIDR, advertiseAddress: cfg.advertiseAddress, port });
    // Stored CustomResourceDefinitions are served before the server reports ready.
    await startCrdController(reg, shutdown.signal);
  } catch (e) {
    shutdown.abort();
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    throw e;
  }
  ready = true;
  logger.info('serving', { address: cfg.bindAddress, port });

  return {
    port,
    async close() {
      ready = false;
      shutdown.abort();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
    },
  };
}
