/**
 * The four probe handlers, as upstream's prober runs them: exec through
 * CRI ExecSync (exit 0 = success), httpGet (status 200-399; redirects are
 * not followed), tcpSocket (a connection opens), grpc (grpc.health.v1
 * Health/Check answers SERVING). Each answers success or failure with
 * upstream's output message; a timeout is a failure.
 */
import { connect } from 'node:net';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import * as grpc from '@grpc/grpc-js';

/** Outcome of one probe run. */
export interface ProbeOutcome { ok: boolean; message?: string }

/** CRI ExecSync-like call. */
export type ExecFn = (cmd: string[], timeoutSeconds: number) => Promise<{ stdout: Buffer; stderr: Buffer; exitCode: number }>;

/** exec: the command's exit code decides. */
export async function execProbe(exec: ExecFn, cmd: string[], timeoutSeconds: number): Promise<ProbeOutcome> {
  try {
    const r = await exec(cmd, timeoutSeconds);
    const out = Buffer.concat([r.stdout, r.stderr]).toString().slice(0, 10_240);
    return r.exitCode === 0 ? { ok: true } : { ok: false, message: out || `command ${JSON.stringify(cmd)} exited with ${r.exitCode}` };
  } catch (e) {
    return { ok: false, message: `command timed out or failed: ${(e as Error).message}` };
  }
}

/** httpGet: a GET with the probe's headers; 200-399 is success. */
export function httpProbe(o: { scheme?: string; host: string; port: number; path?: string; headers?: Array<{ name: string; value: string }>; timeoutSeconds: number }): Promise<ProbeOutcome> {
  return new Promise((resolve) => {
    const https = (o.scheme ?? 'HTTP').toUpperCase() === 'HTTPS';
    const headers: Record<string, string> = { 'User-Agent': 'kube-probe/1.32', Accept: '*/*' };
    for (const h of o.headers ?? []) headers[h.name] = h.value;
    const req = (https ? httpsRequest : httpRequest)({
      host: o.host, port: o.port, path: o.path || '/', method: 'GET', headers, timeout: o.timeoutSeconds * 1000,
      ...(https ? { rejectUnauthorized: false } : {}),
    }, (res) => {
      res.resume();
      const code = res.statusCode ?? 0;
      resolve(code >= 200 && code < 400 ? { ok: true } : { ok: false, message: `HTTP probe failed with statuscode: ${code}` });
    });
    req.on('timeout', () => { req.destroy(); resolve({ ok: false, message: `Get "${https ? 'https' : 'http'}://${o.host}:${o.port}${o.path || '/'}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)` }); });
    req.on('error', (e) => resolve({ ok: false, message: `Get "${https ? 'https' : 'http'}://${o.host}:${o.port}${o.path || '/'}": ${e.message}` }));
    req.end();
  });
}

/** tcpSocket: the connection opens within the timeout. */
export function tcpProbe(host: string, port: number, timeoutSeconds: number): Promise<ProbeOutcome> {
  return new Promise((resolve) => {
    const s = connect({ host, port });
    const t = setTimeout(() => { s.destroy(); resolve({ ok: false, message: `dial tcp ${host}:${port}: i/o timeout` }); }, timeoutSeconds * 1000);
    s.once('connect', () => { clearTimeout(t); s.destroy(); resolve({ ok: true }); });
    s.once('error', (e) => { clearTimeout(t); resolve({ ok: false, message: `dial tcp ${host}:${port}: ${e.message}` }); });
  });
}

/** HealthCheckRequest { string service = 1; } in protobuf wire format. */
function encodeRequest(service: string): Buffer {
  const b = Buffer.from(service);
  return b.length === 0 ? Buffer.alloc(0) : Buffer.concat([Buffer.from([0x0a, b.length]), b]);
}

/** The status field (1, varint) of HealthCheckResponse; 0 when absent (UNKNOWN). */
export function decodeStatus(buf: Buffer): number {
  for (let i = 0; i + 1 < buf.length; i++) if (buf[i] === 0x08) return buf[i + 1] as number;
  return 0;
}

/** grpc: grpc.health.v1.Health/Check on the port answers SERVING (1). */
export function grpcProbe(host: string, port: number, service: string | undefined, timeoutSeconds: number): Promise<ProbeOutcome> {
  return new Promise((resolve) => {
    const client = new grpc.Client(`${host}:${port}`, grpc.credentials.createInsecure());
    const deadline = new Date(Date.now() + timeoutSeconds * 1000);
    client.makeUnaryRequest('/grpc.health.v1.Health/Check', encodeRequest, (b: Buffer) => b, service ?? '', new grpc.Metadata(), { deadline }, (err, res) => {
      client.close();
      if (err) { resolve({ ok: false, message: `failed to connect service "${host}:${port}" within ${timeoutSeconds}s: ${err.message}` }); return; }
      const st = decodeStatus(res ?? Buffer.alloc(0));
      resolve(st === 1 ? { ok: true } : { ok: false, message: `service unhealthy (responded with "${['UNKNOWN', 'SERVING', 'NOT_SERVING', 'SERVICE_UNKNOWN'][st] ?? st}")` });
    });
  });
}
