/**
 * Runs one probe spec against a container: picks the handler (exec,
 * httpGet, tcpSocket, grpc), resolves named ports from the container's
 * ports and targets the pod IP unless the probe names a host.
 */
import type { KObject } from '../../../api/types.ts';
import type { ContainerRuntime } from '../../runtime/types.ts';
import { execProbe, grpcProbe, httpProbe, tcpProbe, type ProbeOutcome } from './handlers.ts';

type Obj = Record<string, unknown>;

/** A port number, or a named port of the container. */
export function resolvePort(container: Obj, port: unknown): number | undefined {
  if (typeof port === 'number') return port;
  if (typeof port === 'string' && /^\d+$/.test(port)) return Number(port);
  const named = ((container.ports ?? []) as Obj[]).find((p) => p.name === port);
  return named ? (named.containerPort as number) : undefined;
}

/** Run the probe once. */
export async function runProbe(runtime: ContainerRuntime, containerId: string, pod: KObject, container: Obj, probe: Obj, timeoutSeconds: number): Promise<ProbeOutcome> {
  const podIP = (pod.spec?.hostNetwork ? pod.status?.hostIP : pod.status?.podIP) as string | undefined;
  if (probe.exec) {
    if (!runtime.execSync) return { ok: true };
    const cmd = ((probe.exec as Obj).command ?? []) as string[];
    return execProbe((c, t) => runtime.execSync!(containerId, c, t), cmd, timeoutSeconds);
  }
  const h = (probe.httpGet ?? probe.tcpSocket ?? probe.grpc) as Obj | undefined;
  if (!h) return { ok: false, message: 'missing probe handler' };
  const port = resolvePort(container, h.port);
  if (port === undefined) return { ok: false, message: `unknown port ${String(h.port)}` };
  const host = (h.host as string | undefined) || podIP;
  if (!host) return { ok: false, message: 'the pod has no IP yet' };
  if (probe.httpGet) {
    return httpProbe({ scheme: h.scheme as string | undefined, host, port, path: h.path as string | undefined, headers: h.httpHeaders as Array<{ name: string; value: string }> | undefined, timeoutSeconds });
  }
  if (probe.tcpSocket) return tcpProbe(host, port, timeoutSeconds);
  return grpcProbe(host, port, h.service as string | undefined, timeoutSeconds);
}
