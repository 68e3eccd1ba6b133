/**
 * `k8ts kubectl ...`: runs the real kubectl from PATH against this machine's
 * cluster (DIR/admin.conf), passing stdio and the exit code straight through.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { constants } from 'node:os';
import { DEFAULT_DATA_DIR, type Command } from './command.ts';
import { UsageError } from './args.ts';

/** Split off a leading `--data-dir DIR` (ours); everything else belongs to kubectl. */
export function splitKubectlArgs(argv: string[]): { dataDir: string; rest: string[] } {
  const [first, second] = argv;
  if (first === '--data-dir') {
    if (second === undefined) throw new UsageError('flag needs an argument: --data-dir');
    return { dataDir: second, rest: argv.slice(2) };
  }
  if (first?.startsWith('--data-dir=')) return { dataDir: first.slice('--data-dir='.length), rest: argv.slice(1) };
  return { dataDir: DEFAULT_DATA_DIR, rest: argv };
}

/** The `k8ts kubectl` command. */
export const kubectlCommand: Command = {
  name: 'kubectl',
  summary: 'Run kubectl against this cluster (DIR/admin.conf)',
  usage: `Run kubectl (from PATH) with --kubeconfig DIR/admin.conf and the remaining arguments.

Usage:
  k8ts kubectl [--data-dir DIR] <kubectl arguments...>

--data-dir must come first (default "${DEFAULT_DATA_DIR}", or $K8TS_DATA_DIR).
Everything after it goes to kubectl unchanged, so "k8ts kubectl --help" shows
kubectl's own help; "k8ts help kubectl" shows this text.`,
  async run(args) {
    const { dataDir, rest } = splitKubectlArgs(args.positional);
    const kubeconfig = join(dataDir, 'admin.conf');
    if (!existsSync(kubeconfig)) {
      process.stderr.write(`error: no admin kubeconfig at ${kubeconfig}; start a cluster with "k8ts init --data-dir ${dataDir}" or pass --data-dir DIR first\n`);
      return 1;
    }
    return new Promise<number>((resolve) => {
      const child = spawn('kubectl', ['--kubeconfig', kubeconfig, ...rest], { stdio: 'inherit' });
      child.on('error', (e: NodeJS.ErrnoException) => {
        process.stderr.write(e.code === 'ENOENT'
          ? 'error: kubectl was not found in PATH; install kubectl (e.g. apt-get install kubernetes-client) and retry\n'
          : `error: cannot run kubectl: ${e.message}\n`);
        resolve(1);
      });
      child.on('exit', (code, signal) => {
        resolve(code ?? 128 + (signal ? constants.signals[signal] ?? 0 : 0));
      });
    });
  },
};
