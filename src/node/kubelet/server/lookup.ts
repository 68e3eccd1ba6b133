/**
 * From a request's namespace/pod/container to the runtime's ids, with the
 * kubelet's own error messages.
 */
import { K8sError } from '../../../base/errors.ts';
import type { KObject } from '../../../api/types.ts';
import { LABEL_CONTAINER_NAME, LABEL_POD_UID, type ContainerStatus } from '../../runtime/types.ts';
import type { KubeletServerConfig } from './types.ts';

/** The pod, or NotFound as the kubelet answers. */
export function mustPod(cfg: KubeletServerConfig, namespace: string, name: string): KObject {
  const pod = cfg.getPod(`${namespace}/${name}`);
  if (!pod) throw new K8sError('NotFound', `pod "${name}" not found`);
  return pod;
}

/** Instances of a container of the pod, newest attempt first. */
export async function containerInstances(cfg: KubeletServerConfig, pod: KObject, container: string): Promise<ContainerStatus[]> {
  const list = await cfg.runtime.listContainers({ labelSelector: { [LABEL_POD_UID]: pod.metadata.uid as string, [LABEL_CONTAINER_NAME]: container } });
  return list.sort((a, b) => b.metadata.attempt - a.metadata.attempt || b.createdAt - a.createdAt);
}

/** The container to log (current or previous instance). */
export async function logContainer(cfg: KubeletServerConfig, pod: KObject, container: string, previous: boolean): Promise<ContainerStatus> {
  const all = await containerInstances(cfg, pod, container);
  const c = previous ? all[1] : all[0];
  if (!c) {
    if (previous) throw new K8sError('BadRequest', `previous terminated container "${container}" in pod "${pod.metadata.name}" not found`);
    throw new K8sError('BadRequest', `container "${container}" in pod "${pod.metadata.name}" is waiting to start: ContainerCreating`);
  }
  return c;
}

/** The running instance of a container (exec, attach). */
export async function runningContainer(cfg: KubeletServerConfig, pod: KObject, container: string): Promise<ContainerStatus> {
  const specs = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? []), ...(pod.spec?.ephemeralContainers ?? [])] as Array<{ name: string }>;
  if (!specs.some((c) => c.name === container)) throw new K8sError('BadRequest', `container ${container} is not valid for pod ${pod.metadata.name}`);
  const c = (await containerInstances(cfg, pod, container))[0];
  if (!c || c.state !== 'CONTAINER_RUNNING') throw new K8sError('BadRequest', `container not found ("${container}")`);
  return c;
}

/** The ready sandbox of the pod (port-forward). */
export async function podSandboxId(cfg: KubeletServerConfig, pod: KObject): Promise<string> {
  const list = await cfg.runtime.listPodSandbox({ labelSelector: { [LABEL_POD_UID]: pod.metadata.uid as string }, state: 'SANDBOX_READY' });
  if (!list[0]) throw new K8sError('BadRequest', `pod ${pod.metadata.name} has no running sandbox`);
  return list[0].id;
}
