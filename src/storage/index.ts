/**
 * Entry point of the storage layer: open a {@link Store} from a datastore
 * spec as given to `k8ts init --datastore`.
 */
import type { Clock } from '../base/clock.ts';
import { K8sError } from '../base/errors.ts';
import type { Logger } from '../base/logger.ts';
import './drivers.ts';
import { lookupDriver } from './registry.ts';
import type { Store } from './types.ts';

export type { Store } from './types.ts';
export { registerDriver } from './registry.ts';

/** Options common to every driver. */
export interface OpenStoreOptions {
  logger: Logger;
  clock?: Clock;
  /** k8ts data directory; the plain `sqlite` spec stores DIR/db/state.db. */
  dataDir?: string;
}

/**
 * Open a store. `spec` is one of:
 * - `sqlite`: DIR/db/state.db (needs `dataDir`)
 * - `sqlite:///abs/path.db`: that file
 * - `sqlite::memory:`: an in-memory database (tests)
 * - `etcd://host:port[,host:port]`: an etcd v3 cluster (http endpoints)
 */
export async function openStore(spec: string, opts: OpenStoreOptions): Promise<Store> {
  const m = /^([a-z][a-z0-9+.-]*)(?::(.*))?$/.exec(spec.trim());
  if (!m) throw new K8sError('BadRequest', `invalid datastore "${spec}"`);
  const factory = lookupDriver(m[1]!);
  return factory({ rest: m[2] ?? '', logger: opts.logger, clock: opts.clock, dataDir: opts.dataDir });
}
