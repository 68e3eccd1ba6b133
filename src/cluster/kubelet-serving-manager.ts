/**
 * Keeps a joined node's kubelet serving certificate current, as upstream's
 * kubelet certificate manager does with serverTLSBootstrap: reuse the
 * stored certificate while it is usable, otherwise (and again at 80% of
 * each certificate's lifetime) ask for a new one through a
 * kubernetes.io/kubelet-serving CSR, store it, and hand it to the kubelet
 * server. Failed attempts are retried with exponential back-off.
 */
import { realClock, type Clock } from '../base/clock.ts';
import { realTimers, type TimerScheduler } from '../base/workqueue.ts';
import type { Logger } from '../base/logger.ts';
import { K8sError } from '../base/errors.ts';
import type { CertKeyPair } from './cert-issue.ts';
import type { ClientConnection } from './kubeconfig.ts';
import { requestKubeletServingCertificate, type ServingNames } from './kubelet-serving-request.ts';
import { checkServingCert, loadServingCert, saveServingCert, servingCertPath } from './kubelet-serving-store.ts';

/** Configuration of {@link KubeletServingCertManager}. */
export interface ServingCertManagerConfig {
  /** The node's own client credentials (DIR/kubelet.conf): the approver checks the requester is this node. */
  conn: ClientConnection;
  nodeName: string;
  /** The names the certificate must cover. */
  names: ServingNames;
  /** The node's data dir; the pair lives in DIR/pki/kubelet-server-current.pem. */
  dataDir: string;
  logger: Logger;
  /** Receives every new certificate (the kubelet server swaps it in for new connections). */
  onCertificate(pair: CertKeyPair): void;
  clock?: Clock;
  timers?: TimerScheduler;
  /** Obtains a signed pair; default: a CSR with `conn` (tests replace it). */
  request?(signal: AbortSignal): Promise<CertKeyPair & { csrName?: string }>;
  /** How long one CSR may wait for approval and signing (default 15 min, upstream's certificateWaitTimeout). */
  requestTimeoutMs?: number;
  /** First retry delay after a failure (default 2 s); doubles up to 5 min. */
  retryMs?: number;
}

const MAX_RETRY_MS = 5 * 60_000;
/** setTimeout holds at most 2^31-1 ms (~24.8 days); a year-long certificate is waited for in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** See the file comment. */
export class KubeletServingCertManager {
  private readonly clock: Clock;
  private readonly timers: TimerScheduler;
  private readonly log: Logger;
  private readonly path: string;
  /** The cluster CA: stored and issued certificates must chain to it. */
  private readonly caPem: string;
  private readonly abort = new AbortController();
  /** When the next certificate is due (ms); 0 = as soon as started. */
  private dueAt = 0;
  private failures = 0;
  private timer: unknown;
  private running?: Promise<void>;

  constructor(private readonly cfg: ServingCertManagerConfig) {
    this.clock = cfg.clock ?? realClock;
    this.timers = cfg.timers ?? realTimers;
    this.log = cfg.logger.child({ component: 'kubelet-serving-cert' });
    this.path = servingCertPath(cfg.dataDir);
    if (!cfg.conn.caPem) throw new K8sError('BadRequest', 'the kubelet serving certificate manager needs the cluster CA');
    this.caPem = cfg.conn.caPem;
  }

  /** The stored pair when it can serve now (start the server with it), else undefined; also sets when to renew. */
  async current(): Promise<CertKeyPair | undefined> {
    const pair = loadServingCert(this.path);
    if (!pair) return undefined;
    const check = await checkServingCert(pair, this.cfg.names, this.caPem, this.clock.now());
    if (!check.usable) {
      this.log.info('stored serving certificate not usable', { path: this.path, reason: check.reason });
      return undefined;
    }
    this.dueAt = check.rotateAt;
    return pair;
  }

  /** Begin renewing: at once when there is no usable certificate, else when the current one is due. */
  start(): void {
    this.schedule(this.dueAt - this.clock.now());
  }

  /** Stop; an outstanding CSR wait is abandoned. Idempotent. */
  async stop(): Promise<void> {
    this.abort.abort();
    if (this.timer !== undefined) this.timers.clear(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private schedule(ms: number): void {
    if (this.abort.signal.aborted) return;
    this.timer = this.timers.set(() => {
      this.timer = undefined;
      // A long wait is cut into steps; only the last one renews.
      if (this.clock.now() < this.dueAt) this.schedule(this.dueAt - this.clock.now());
      else this.running = this.renew();
    }, Math.max(0, Math.min(ms, MAX_TIMER_MS)));
  }

  private async renew(): Promise<void> {
    try {
      const pair = await (this.cfg.request?.(this.abort.signal) ?? this.requestFromApi());
      const check = await checkServingCert(pair, this.cfg.names, this.caPem, this.clock.now());
      if (!check.usable) throw new Error(`issued certificate is not usable: ${check.reason}`);
      saveServingCert(this.path, pair);
      this.cfg.onCertificate({ certPem: pair.certPem, keyPem: pair.keyPem });
      this.log.info('serving certificate issued', { csr: pair.csrName, notAfter: new Date(check.notAfter).toISOString() });
      this.failures = 0;
      this.dueAt = check.rotateAt;
      this.schedule(this.dueAt - this.clock.now());
    } catch (e) {
      if (this.abort.signal.aborted) return;
      const delay = Math.min((this.cfg.retryMs ?? 2000) * 2 ** Math.min(this.failures++, 20), MAX_RETRY_MS);
      this.log.warn('serving certificate request failed', { err: (e as Error).message, retryInMs: delay });
      this.dueAt = this.clock.now() + delay;
      this.schedule(delay);
    }
  }

  private requestFromApi(): Promise<CertKeyPair & { csrName: string }> {
    return requestKubeletServingCertificate(this.cfg.conn, this.cfg.nodeName, this.cfg.names, {
      timeoutMs: this.cfg.requestTimeoutMs ?? 15 * 60_000, signal: this.abort.signal,
    });
  }
}
