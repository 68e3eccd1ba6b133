/**
 * Container lifecycle hook handlers (postStart, preStop) with exec, httpGet
 * and sleep actions, as upstream's kubelet runs them: exec through the
 * runtime's ExecSync in the container, httpGet from the node to the pod IP
 * (or `host`), a named port resolved from the container's ports; an httpGet
 * hook fails only when no response comes (lifecycle-http.ts). Failures
 * carry upstream's messages ("Exec lifecycle hook ([cmd]) for Container ...
 * failed - error: ..., message: ..."). What a failure leads to lives with
 * the callers: container-start.ts (postStart) and container-kill.ts (preStop).
 */
import { K8sError } from '../../base/errors.ts';
import type { KObject } from '../../api/types.ts';
import type { ContainerRuntime } from '../runtime/types.ts';
import { runHttpHook } from './lifecycle-http.ts';
import type { ContainerEventSink } from './pod-events.ts';

type Obj = Record<string, unknown>;

/** A pod as upstream's format.Pod prints it in messages: name_namespace(uid). */
const podName = (pod: KObject) => `${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`;

/** Where a hook runs. */
export interface HookTarget {
  runtime: ContainerRuntime;
  pod: KObject;
  spec: Obj;
  containerId: string;
  podIP: string;
  /** Events about the container; an httpGet hook's HTTPS-to-HTTP fallback is a Warning LifecycleHTTPFallback. */
  event?: ContainerEventSink;
}

/** The port of an httpGet action: a number, or a name among the container's ports. */
export function resolvePort(port: unknown, spec: Obj): number {
  if (typeof port === 'number') return port;
  const asNum = Number(port);
  if (String(port) !== '' && Number.isInteger(asNum)) return asNum;
  const named = ((spec.ports ?? []) as Obj[]).find((p) => p.name === port);
  if (!named) throw new K8sError('BadRequest', `couldn't find port: ${String(port)} in ${JSON.stringify(spec.ports ?? [])}`);
  return Number(named.containerPort);
}

/** Upstream's runHTTPHandler: only a request error fails the hook, never the response's status. */
async function httpGet(action: Obj, t: HookTarget, timeoutMs: number): Promise<void> {
  const path = String(action.path ?? '');
  const failed = (error: string) => new K8sError('InternalError',
    `HTTP lifecycle hook (${path}) for Container ${JSON.stringify(String(t.spec.name))} in Pod ${JSON.stringify(podName(t.pod))} failed - error: ${error}`);
  let port: number;
  try { port = resolvePort(action.port, t.spec); } catch (e) { throw failed((e as Error).message); }
  const r = await runHttpHook({
    scheme: String(action.scheme ?? 'HTTP').toLowerCase() === 'https' ? 'https' : 'http',
    host: String(action.host || t.podIP),
    port,
    path,
    headers: ((action.httpHeaders ?? []) as Obj[]).map((h) => ({ name: String(h.name), value: String(h.value) })),
    timeoutMs,
  });
  if (!r.ok) throw failed(r.error);
  if (r.fallback) t.event?.('Warning', 'LifecycleHTTPFallback', `request to HTTPS lifecycle hook ${r.fallback} got HTTP response, retry with HTTP succeeded`);
}

/** Run one handler (spec.lifecycle.postStart or preStop); rejects with upstream's failure message. */
export async function runHook(handler: Obj, t: HookTarget, timeoutMs: number): Promise<void> {
  const execAction = handler.exec as Obj | undefined;
  if (execAction) {
    const cmd = (execAction.command ?? []) as string[];
    if (!t.runtime.execSync) throw new K8sError('BadRequest', 'the container runtime does not support exec');
    // Upstream's handler runner message: the CRI client's exit error (stderr only), then stdout+stderr quoted.
    const failed = (error: string, output: string) => new K8sError('InternalError',
      `Exec lifecycle hook ([${cmd.join(' ')}]) for Container "${String(t.spec.name)}" in Pod "${podName(t.pod)}" failed - error: ${error}, message: ${JSON.stringify(output)}`);
    let r: { stdout: Buffer; stderr: Buffer; exitCode: number };
    try {
      r = await t.runtime.execSync(t.containerId, cmd, Math.max(1, Math.ceil(timeoutMs / 1000)));
    } catch (e) {
      throw failed((e as Error).message, '');
    }
    if (r.exitCode !== 0) {
      throw failed(`command '${cmd.join(' ')}' exited with ${r.exitCode}: ${r.stderr.toString()}`, Buffer.concat([r.stdout, r.stderr]).toString());
    }
    return;
  }
  if (handler.httpGet) return httpGet(handler.httpGet as Obj, t, timeoutMs);
  if (handler.sleep) {
    await new Promise((r) => setTimeout(r, Number((handler.sleep as Obj).seconds ?? 0) * 1000));
    return;
  }
  throw new K8sError('BadRequest', 'a lifecycle handler needs exec, httpGet or sleep');
}

/** The hook of a container spec, if any. */
export function hookOf(spec: Obj, which: 'postStart' | 'preStop'): Obj | undefined {
  return (spec.lifecycle as Obj | undefined)?.[which] as Obj | undefined;
}

/** The pod IP an httpGet hook without `host` goes to (upstream: the pod status's first IP). */
export async function podIPOf(runtime: ContainerRuntime, sandboxId: string): Promise<string> {
  try { return (await runtime.podSandboxStatus(sandboxId)).ips[0] ?? '127.0.0.1'; } catch { return '127.0.0.1'; }
}

/** How long a postStart hook may take before it counts as failed. */
export const POST_START_TIMEOUT_MS = 120_000;
