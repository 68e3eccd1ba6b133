/**
 * Container lifecycle hook handlers (postStart, preStop) with exec, httpGet
 * and sleep actions, as upstream's kubelet runs them: exec through the
 * runtime's ExecSync in the container, httpGet from the node to the pod IP
 * (or `host`), a named port resolved from the container's ports. Failures
 * carry upstream's messages ("Exec lifecycle hook ([cmd]) for Container ...
 * failed - error: ..., message: ..."). What a failure leads to lives with
 * the callers: container-start.ts (postStart) and container-kill.ts (preStop).
 */
import http from 'node:http';
import https from 'node:https';
import { K8sError } from '../../base/errors.ts';
import type { KObject } from '../../api/types.ts';
import type { ContainerRuntime } from '../runtime/types.ts';

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

function httpGet(action: Obj, t: HookTarget, timeoutMs: number): Promise<void> {
  const scheme = String(action.scheme ?? 'HTTP').toLowerCase();
  const headers: Record<string, string> = { 'user-agent': 'kube-lifecycle/1.32' };
  for (const h of (action.httpHeaders ?? []) as Obj[]) headers[String(h.name)] = String(h.value);
  const base = `${scheme}://${String(action.host || t.podIP)}:${resolvePort(action.port, t.spec)}`;
  // The path may carry a query, as upstream's url.Parse of it keeps one.
  const url = new URL(String(action.path ?? '/').replace(/^(?!\/)/, '/'), base);
  const mod = scheme === 'https' ? https : http;
  return new Promise((resolve, reject) => {
    // Go's HTTP client (upstream's prober) accepts bare-LF header lines, as busybox httpd's CGI responses have.
    const req = mod.get(url, { headers, agent: false, timeout: timeoutMs, rejectUnauthorized: false, insecureHTTPParser: true }, (res) => {
      res.resume();
      const code = res.statusCode ?? 0;
      if (code >= 200 && code < 400) resolve();
      else reject(new K8sError('InternalError', `HTTP lifecycle hook (${url.pathname}) for Container "${String(t.spec.name)}" in Pod "${podName(t.pod)}" failed - error: <nil>, message: "HTTP status ${code}"`));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e) => reject(new K8sError('InternalError', `Get "${url.href}": ${e.message}`)));
  });
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

/**
 * Stop a container: its preStop hook first, then the stop signal with what is left of the grace period (at least 2 s, as upstream).
 * @deprecated Use killContainer (container-kill.ts) with `gracePeriodOverride`: it also records Killing and FailedPreStopHook.
 * Kept while eviction/pod-evictor.ts still calls it.
 */
export async function stopWithPreStop(runtime: ContainerRuntime, pod: KObject, containerId: string, name: string, graceSeconds: number, sandboxId: string): Promise<void> {
  const specs = [...((pod.spec?.initContainers ?? []) as Obj[]), ...((pod.spec?.containers ?? []) as Obj[])];
  const spec = specs.find((s) => s.name === name);
  const hook = spec ? hookOf(spec, 'preStop') : undefined;
  let grace = graceSeconds;
  if (hook && spec && graceSeconds > 0) {
    const t0 = Date.now();
    const target = { runtime, pod, spec, containerId, podIP: await podIPOf(runtime, sandboxId) };
    await Promise.race([runHook(hook, target, graceSeconds * 1000).catch(() => undefined), new Promise((r) => setTimeout(r, graceSeconds * 1000).unref())]);
    grace = Math.max(2, graceSeconds - Math.floor((Date.now() - t0) / 1000));
  }
  await runtime.stopContainer(containerId, grace);
}
