/**
 * Store drivers register here by name (like kine's endpoint drivers), so
 * `openStore` knows nothing about any particular driver.
 */
import type { Clock } from '../base/clock.ts';
import { K8sError } from '../base/errors.ts';
import type { Logger } from '../base/logger.ts';
import type { Store } from './types.ts';

/** What a driver gets: the part of the spec after "name:" plus the common options. */
export interface DriverOptions {
  /** Spec with the driver name and its colon removed, e.g. "///abs/path.db", ":memory:", "" or "//host:2379". */
  rest: string;
  logger: Logger;
  clock?: Clock;
  dataDir?: string;
}

/** Opens a store from a parsed spec. */
export type DriverFactory = (opts: DriverOptions) => Promise<Store>;

const drivers = new Map<string, DriverFactory>();

/** Register (or replace) the driver for `name`. */
export function registerDriver(name: string, factory: DriverFactory): void {
  drivers.set(name, factory);
}

/** The driver registered for `name`; BadRequest if none. */
export function lookupDriver(name: string): DriverFactory {
  const f = drivers.get(name);
  if (!f) throw new K8sError('BadRequest', `unknown datastore driver "${name}" (known: ${[...drivers.keys()].join(', ')})`);
  return f;
}
