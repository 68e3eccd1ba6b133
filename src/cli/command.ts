/**
 * The shape every k8ts subcommand has, and the shared data-dir default.
 */
import type { FlagSpecs, ParsedArgs } from './args.ts';

/** A k8ts subcommand (one file per command in src/cli/). */
export interface Command {
  name: string;
  /** One line for the top-level command list. */
  summary: string;
  /** Full usage text (without the flags section). */
  usage: string;
  /** Flags it accepts; `undefined` means it takes raw arguments (kubectl): all of argv lands in `positional`. */
  flags?: FlagSpecs;
  /** Run with the parsed arguments; resolves to the exit code. Throw UsageError for misuse. */
  run(args: ParsedArgs): Promise<number>;
}

/** Default data directory; K8TS_DATA_DIR overrides it for convenience. */
export const DEFAULT_DATA_DIR = process.env.K8TS_DATA_DIR || '/var/lib/k8ts';

/** The --data-dir flag shared by every command that touches local state. */
export const DATA_DIR_FLAG = {
  'data-dir': { type: 'string', default: DEFAULT_DATA_DIR, help: 'directory holding the PKI, admin.conf and the datastore' },
} as const satisfies FlagSpecs;
