/**
 * The built-in drivers: `sqlite` (embedded, the default) and `etcd` (an external etcd v3 cluster).
 * Importing this module registers them.
 */
import { join } from 'node:path';
import { K8sError } from '../base/errors.ts';
import { registerDriver } from './registry.ts';
import { openSqliteStore } from './sqlite/store.ts';

registerDriver('sqlite', async ({ rest, logger, clock, dataDir }) => {
  let path: string;
  if (rest === '') {
    if (!dataDir) throw new K8sError('BadRequest', 'datastore "sqlite" needs a data directory');
    path = join(dataDir, 'db', 'state.db');
  } else if (rest === ':memory:') {
    path = ':memory:';
  } else if (rest.startsWith('///')) {
    path = rest.slice(2);
  } else {
    throw new K8sError('BadRequest', `invalid sqlite datastore "sqlite:${rest}": use sqlite, sqlite:///abs/path.db or sqlite::memory:`);
  }
  return openSqliteStore({ path, logger, clock });
});

registerDriver('etcd', async ({ rest, logger }) => {
  const hosts = rest.replace(/^\/\//, '').split(',').map((h) => h.trim()).filter(Boolean);
  if (!rest.startsWith('//') || hosts.length === 0 || hosts.some((h) => !/^[^\s/]+:\d+$/.test(h))) {
    throw new K8sError('BadRequest', `invalid etcd datastore "etcd:${rest}": use etcd://host:port[,host:port]`);
  }
  // Loaded only when asked for: the gRPC client is heavy and most clusters use SQLite.
  const { openEtcdStore } = await import('./etcd/store.ts');
  return openEtcdStore({ endpoints: hosts.map((h) => `http://${h}`), logger });
});
