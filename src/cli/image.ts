/**
 * `k8ts image import FILE.tar...`: loads image archives (OCI layout or
 * `docker save` tars, e.g. from scripts/build-images.sh) into this node's
 * containerd, where pods find them without a registry, as k3s's
 * `ctr images import` into the k8s.io namespace.
 */
import { existsSync } from 'node:fs';
import { UsageError } from './args.ts';
import { DATA_DIR_FLAG, type Command } from './command.ts';

/** The `k8ts image` command. */
export const imageCommand: Command = {
  name: 'image',
  summary: "Load image archives into this node's containerd",
  usage: `Load image archives (OCI layout or docker-save tar files) into the node's
containerd, so pods can use them without a registry. The node agent
("k8ts init" or "k8ts join" with the containerd runtime) must be running.

Usage:
  k8ts image import FILE.tar [FILE.tar...] [flags]`,
  flags: {
    ...DATA_DIR_FLAG,
    'container-runtime-endpoint': { type: 'string', help: 'containerd socket (default: DIR/containerd/containerd.sock)' },
  },
  async run(args) {
    const [verb, ...files] = args.positional;
    if (verb !== 'import') throw new UsageError(verb ? `unknown image subcommand "${verb}" (expected import)` : 'expected a subcommand: import');
    if (files.length === 0) throw new UsageError('image import needs at least one archive file');
    for (const f of files) if (!existsSync(f)) throw new UsageError(`no such file: ${f}`);
    const { containerdPaths } = await import('../node/runtime/containerd/config.ts');
    const { importImage } = await import('../node/runtime/containerd/images.ts');
    const endpoint = args.flags['container-runtime-endpoint'];
    const socket = typeof endpoint === 'string' ? endpoint.replace(/^unix:\/\//, '') : containerdPaths(String(args.flags['data-dir'])).socket;
    if (!existsSync(socket)) {
      process.stderr.write(`k8ts image: no containerd socket at ${socket}; start the node agent ("k8ts init" or "k8ts join") first\n`);
      return 1;
    }
    for (const f of files) {
      const names = await importImage(socket, f);
      for (const n of names) console.log(`imported ${n}`);
    }
    return 0;
  },
};
