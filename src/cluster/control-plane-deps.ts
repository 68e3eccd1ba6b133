/**
 * The real components behind {@link ControlPlaneDeps}: the store registry
 * (src/storage/index.ts) and the API server (src/control-plane/apiserver/server.ts).
 * Loaded lazily so `k8ts version`, `token` and `--help` do not pay for them,
 * and so a build missing one of them fails with a clear message at init.
 */
import { K8sError } from '../base/errors.ts';
import type { ControlPlaneDeps } from './control-plane.ts';

// Specifiers kept in variables: the modules are written in parallel by other
// engineers, and a literal would make the typecheck fail until they land.
const STORE_MODULE = '../storage/index.ts';
const APISERVER_MODULE = '../control-plane/apiserver/server.ts';

async function load<T>(spec: string, exportName: string): Promise<T> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(spec)) as Record<string, unknown>;
  } catch (e) {
    throw new K8sError('InternalError', `this build cannot load ${spec.replace('../', 'src/')}: ${(e as Error).message}`);
  }
  const fn = mod[exportName];
  if (typeof fn !== 'function') throw new K8sError('InternalError', `${spec.replace('../', 'src/')} does not export ${exportName}()`);
  return fn as T;
}

/** The production dependencies of startControlPlane. */
export const realControlPlaneDeps: ControlPlaneDeps = {
  async openStore(spec, opts) {
    return (await load<ControlPlaneDeps['openStore']>(STORE_MODULE, 'openStore'))(spec, opts);
  },
  async startApiServer(cfg) {
    return (await load<ControlPlaneDeps['startApiServer']>(APISERVER_MODULE, 'startApiServer'))(cfg);
  },
};
