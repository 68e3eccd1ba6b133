/**
 * The small kubectl helpers several e2e files share: run kubectl and fail
 * with its output unless it succeeded, read `-o json`, and poll until a
 * condition holds (failing with the server's recent log).
 */
import assert from 'node:assert/strict';
import type { Cluster, ExecResult } from './cluster.ts';

/** Helpers bound to a cluster that a `before` hook starts later (hence the getter). */
export function kubectlSession(cluster: () => Cluster, defaultWaitMs = 30_000) {
  const ok = (r: ExecResult, what: string): string => {
    assert.equal(r.code, 0, `${what} exited ${r.code}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`);
    return r.stdout;
  };
  const k = async (args: string[], input?: string): Promise<string> => ok(await cluster().kubectl(args, { input }), args.join(' '));
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const json = async (args: string[]): Promise<any> => JSON.parse(await k([...args, '-o', 'json']));
  async function until<T>(fn: () => Promise<T | undefined | false>, what: string, ms = defaultWaitMs): Promise<T> {
    const end = Date.now() + ms;
    for (;;) {
      const v = await fn().catch(() => undefined);
      if (v !== undefined && v !== false) return v;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}\n${cluster().logs().slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return { ok, k, json, until };
}
