/**
 * Contract of the generic registry: the layer between HTTP handlers and the
 * store that gives every kind upstream's object semantics (metadata,
 * optimistic concurrency, finalizers, graceful deletion).
 */
import type { Store } from '../../../storage/types.ts';
import type { Clock } from '../../../base/clock.ts';
import type { Logger } from '../../../base/logger.ts';
import type { KObject } from '../../../api/types.ts';
import type { ResourceInfo } from '../../../api/resources.ts';

/** An operation seen by admission hooks. */
export interface AdmissionAttributes {
  operation: 'CREATE' | 'UPDATE' | 'DELETE';
  resource: ResourceInfo;
  subresource: string;
  namespace: string;
  name: string;
  /** The new object (storage form); absent on DELETE. */
  object?: KObject;
  /** The stored object on UPDATE and DELETE. */
  oldObject?: KObject;
  dryRun: boolean;
}

/**
 * An admission hook. `admit` may mutate the object or throw a K8sError; it
 * may return an undo function run if the write then fails (to release
 * reservations such as a cluster IP). `committed` runs after a write lands.
 */
export interface AdmissionHook {
  name: string;
  admit?(a: AdmissionAttributes): Promise<(() => Promise<void>) | void>;
  committed?(a: AdmissionAttributes): Promise<void>;
}

/** Everything the registry verbs need. */
export interface RegistryContext {
  store: Store;
  clock: Clock;
  logger: Logger;
  admission: AdmissionHook[];
}

/** Delete options (metav1.DeleteOptions) the registry honours. */
export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  orphanDependents?: boolean;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
}

/** Result of a delete: the object as last stored and whether it is gone. */
export interface DeleteResult {
  object: KObject;
  /** True when the object was removed from storage; false when only marked for deletion. */
  deleted: boolean;
}
