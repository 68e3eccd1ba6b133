/**
 * Version conversion for resources served in more than one version. The
 * API server converts request bodies to the storage version and stored
 * objects to the requested version; every other kind converts by identity.
 */
import { K8sError } from '../../base/errors.ts';
import type { KObject } from '../types.ts';
import { hpaV1ToV2, hpaV2ToV1 } from './hpa.ts';
import { eventCoreToV1, eventV1ToCore } from './event.ts';

export { HPA_ANNOTATIONS } from './hpa.ts';

type Converter = (o: KObject) => KObject;

/** `kind from to` -> converter. */
const CONVERTERS = new Map<string, Converter>([
  ['HorizontalPodAutoscaler autoscaling/v2 autoscaling/v1', hpaV2ToV1],
  ['HorizontalPodAutoscaler autoscaling/v1 autoscaling/v2', hpaV1ToV2],
  ['Event v1 events.k8s.io/v1', eventCoreToV1],
  ['Event events.k8s.io/v1 v1', eventV1ToCore],
]);

function groupOf(apiVersion: string): string {
  const i = apiVersion.indexOf('/');
  return i < 0 ? '' : apiVersion.slice(0, i);
}

/**
 * Converts `obj` to `toApiVersion`, returning a new object (or `obj` itself
 * when already there). Throws BadRequest for a pair no resource serves.
 */
export function convert(obj: KObject, toApiVersion: string): KObject {
  const from = obj.apiVersion ?? toApiVersion;
  if (from === toApiVersion) return obj;
  const conv = CONVERTERS.get(`${obj.kind} ${from} ${toApiVersion}`);
  if (conv) return conv(obj);
  if (groupOf(from) !== groupOf(toApiVersion)) {
    throw new K8sError('BadRequest', `no conversion of ${obj.kind} from ${from} to ${toApiVersion}`);
  }
  // Same group, no schema difference we model: only the apiVersion changes.
  return { ...obj, apiVersion: toApiVersion };
}
