/**
 * The kubelet's events about one container of a pod, as `kubectl describe
 * pod` lists them (Pulling, Pulled, Created, Started, Killing, Failed, BackOff,
 * FailedPostStartHook, FailedPreStopHook), with involvedObject.fieldPath
 * naming the container as upstream does.
 */
import type { KObject } from '../../api/types.ts';
import type { EventRecorder, EventType } from '../../client/event-recorder.ts';
import type { PullListener, WaitingReason } from './image-pull.ts';

/** Records one event about a container already bound to its pod. */
export type ContainerEventSink = (type: EventType, reason: string, message: string) => void;

/** Emitters bound to one container; no-ops without a recorder. */
export interface ContainerEvents {
  emit: ContainerEventSink;
  normal(reason: string, message: string): void;
  pull: PullListener;
  /** A container that could not start: Warning Failed (or BackOff while an image pull backs off). */
  failed(why: WaitingReason): void;
}

/** Events about container `name` (an init container when `init`) of `pod`. */
export function containerEvents(recorder: EventRecorder | undefined, pod: KObject, name: string, init: boolean): ContainerEvents {
  const ref = { apiVersion: 'v1', kind: 'Pod', fieldPath: `spec.${init ? 'initContainers' : 'containers'}{${name}}` };
  const emit: ContainerEventSink = (type, reason, message) => recorder?.event(pod, type, reason, message, ref);
  const normal = (reason: string, message: string): void => emit('Normal', reason, message);
  return {
    emit,
    normal,
    pull: normal,
    failed(why) {
      if (why.reason === 'ImagePullBackOff') emit('Normal', 'BackOff', why.message);
      else emit('Warning', 'Failed', `Error: ${why.reason}`);
    },
  };
}

/** The sink for container `name` of `pod`, init or regular as the pod's spec says. */
export function containerEventSink(recorder: EventRecorder | undefined, pod: KObject, name: string): ContainerEventSink {
  const init = ((pod.spec?.initContainers ?? []) as { name?: string }[]).some((c) => c.name === name);
  return containerEvents(recorder, pod, name, init).emit;
}
