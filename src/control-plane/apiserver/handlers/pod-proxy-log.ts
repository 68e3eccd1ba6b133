/**
 * GET pods/{name}/log: checks the options and the container as upstream's
 * pod log REST does, then streams the kubelet's /containerLogs answer
 * (follow keeps the stream open until the container stops or the client
 * leaves). Kubelet errors (a Status body) are passed through unchanged.
 */
import https from 'node:https';
import { K8sError } from '../../../base/errors.ts';
import { kubeletTarget, type KubeletClientTLS } from '../streaming/kubelet-target.ts';
import { requestNamespace, type HandlerContext } from './context.ts';

const PASSED = ['follow', 'previous', 'timestamps', 'tailLines', 'sinceSeconds', 'sinceTime', 'limitBytes'];

function validate(q: URLSearchParams): void {
  const causes: Array<{ reason: string; message: string; field: string }> = [];
  const int = (name: string, min: number) => {
    const v = q.get(name);
    if (v !== null && (!/^-?\d+$/.test(v) || Number(v) < min)) {
      causes.push({ reason: 'FieldValueInvalid', message: `Invalid value: ${v}: must be greater than ${min === 0 ? 'or equal to 0' : min - 1}`, field: name });
    }
  };
  int('tailLines', 0);
  int('sinceSeconds', 1);
  int('limitBytes', 1);
  if (q.has('sinceSeconds') && q.has('sinceTime')) causes.push({ reason: 'FieldValueForbidden', message: 'Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified', field: 'sinceSeconds' });
  if (causes.length) {
    throw new K8sError('Invalid', `PodLogOptions "" is invalid: ${causes.map((c) => `${c.field}: ${c.message}`).join(', ')}`, { kind: 'PodLogOptions', causes });
  }
}

/** GET /api/v1/namespaces/{ns}/pods/{name}/log */
export async function handlePodLog(h: HandlerContext, tls: KubeletClientTLS | undefined): Promise<void> {
  if (!tls) throw new K8sError('ServiceUnavailable', 'the API server has no kubelet client credentials');
  validate(h.query);
  const ns = requestNamespace(h);
  const t = await kubeletTarget(h.reg, ns, h.info.name, h.query.get('container'), true);
  const q = new URLSearchParams();
  for (const k of PASSED) { const v = h.query.get(k); if (v !== null) q.set(k, v); }
  const path = `/containerLogs/${encodeURIComponent(ns)}/${encodeURIComponent(h.info.name)}/${encodeURIComponent(t.container)}?${q}`;
  await new Promise<void>((resolve, reject) => {
    const up = https.request({
      host: t.host, port: t.port, path, method: 'GET', ca: tls.caPem, cert: tls.certPem, key: tls.keyPem,
      agent: false, headers: { accept: '*/*' },
    }, (kres) => {
      const res = h.res as import('node:http').ServerResponse;
      res.writeHead(kres.statusCode ?? 500, { 'content-type': kres.headers['content-type'] ?? 'text/plain', 'cache-control': 'no-cache, private' });
      kres.on('data', (c: Buffer) => res.write(c));
      kres.on('end', () => { res.end(); resolve(); });
      kres.on('error', () => { res.end(); resolve(); });
    });
    up.on('error', (e) => reject(new K8sError('InternalError', `Get "https://${t.host}:${t.port}${path.split('?')[0]}": ${e.message}`)));
    const stop = () => up.destroy();
    h.req.on('close', stop);
    h.shutdown.addEventListener('abort', stop, { once: true });
    up.end();
  });
}
