/**
 * The kubelet's events about one container of a pod, as `kubectl describe
 * pod` lists them (Pulling, Pulled, Created, Started, Killing, Failed, BackOff),
 * with involvedObject.fieldPath naming the container as upstream does.
 */
import type { KObject } from '../../api/types.ts';
import type { EventRecorder } from '../../client/event-recorder.ts';
import type { PullListener, WaitingReason } from './image-pull.ts';

/** Emitters bound to one container; no-ops without a recorder. */
export interface ContainerEvents {
  normal(reason: string, message: string): void;
  pull: PullListener;
  /** A container that could not start: Warning Failed (or BackOff while an image pull backs off). */
  failed(why: WaitingReason): void;
}

/** Events about container `name` (an init container when `init`) of `pod`. */
export function containerEvents(recorder: EventRecorder | undefined, pod: KObject, name: string, init: boolean): ContainerEvents {
  const ref = { apiVersion: 'v1', kind: 'Pod', fieldPath: `spec.${init ? 'initContainers' : 'containers'}{${name}}` };
  const normal = (reason: string, message: string): void => recorder?.event(pod, 'Normal', reason, message, ref);
  return {
    normal,
    pull: normal,
    failed(why) {
      if (why.reason === 'ImagePullBackOff') recorder?.event(pod, 'Normal', 'BackOff', why.message, ref);
      else recorder?.event(pod, 'Warning', 'Failed', `Error: ${why.reason}`, ref);
    },
  };
}

/** Killing: the kubelet stops a container of a pod being deleted. */
export function killingEvent(recorder: EventRecorder | undefined, pod: KObject, name: string): void {
  const init = ((pod.spec?.initContainers ?? []) as { name?: string }[]).some((c) => c.name === name);
  recorder?.event(pod, 'Normal', 'Killing', `Stopping container ${name}`, {
    apiVersion: 'v1', kind: 'Pod', fieldPath: `spec.${init ? 'initContainers' : 'containers'}{${name}}`,
  });
}
