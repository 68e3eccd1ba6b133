/**
 * A small, strict flag parser for the k8ts CLI: `--flag value`,
 * `--flag=value`, boolean switches, `-h`/`--help`. Unknown flags are usage
 * errors (exit 2), as with kubeadm's cobra commands.
 */

/** One flag a command accepts. */
export interface FlagSpec {
  /** 'string' flags take a value; 'boolean' flags are switches. */
  type: 'string' | 'boolean';
  /** Default for string flags. */
  default?: string;
  /** Shown in the usage text. */
  help: string;
}

/** Flags by name (without the leading dashes). */
export type FlagSpecs = Record<string, FlagSpec>;

/** Parsed command line. */
export interface ParsedArgs {
  flags: Record<string, string | boolean | undefined>;
  positional: string[];
  help: boolean;
}

/** A mistake in how the command was called: print the message and usage, exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Parse `argv` against `specs`. Throws {@link UsageError} on unknown flags or missing values. */
export function parseArgs(argv: string[], specs: FlagSpecs): ParsedArgs {
  const flags: ParsedArgs['flags'] = {};
  for (const [name, spec] of Object.entries(specs)) flags[name] = spec.type === 'boolean' ? false : spec.default;
  const positional: string[] = [];
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') { positional.push(...argv.slice(i + 1)); break; }
    if (arg === '-h' || arg === '--help') { help = true; continue; }
    if (!arg.startsWith('-') || arg === '-') { positional.push(arg); continue; }
    const eq = arg.indexOf('=');
    const name = arg.replace(/^--?/, '').slice(0, eq < 0 ? undefined : eq - (arg.startsWith('--') ? 2 : 1));
    const spec = specs[name];
    if (!spec || !arg.startsWith('--')) throw new UsageError(`unknown flag: ${eq < 0 ? arg : arg.slice(0, eq)}`);
    if (spec.type === 'boolean') {
      const v = eq < 0 ? 'true' : arg.slice(eq + 1);
      if (v !== 'true' && v !== 'false') throw new UsageError(`invalid value "${v}" for --${name}: expected true or false`);
      flags[name] = v === 'true';
      continue;
    }
    let value: string | undefined;
    if (eq >= 0) value = arg.slice(eq + 1);
    else {
      value = argv[++i];
      if (value === undefined || (value.startsWith('--') && value.length > 2)) throw new UsageError(`flag needs an argument: --${name}`);
    }
    flags[name] = value;
  }
  return { flags, positional, help };
}

/** Format the "Flags:" section of a usage text. */
export function formatFlags(specs: FlagSpecs): string {
  const rows = Object.entries(specs).map(([name, s]) => {
    const left = `--${name}${s.type === 'string' ? ' string' : ''}`;
    const def = s.default !== undefined ? ` (default "${s.default}")` : '';
    return [left, `${s.help}${def}`] as const;
  });
  const width = Math.max(0, ...rows.map(([l]) => l.length)) + 3;
  return ['Flags:', ...rows.map(([l, r]) => `  ${l.padEnd(width)}${r}`), `  ${'-h, --help'.padEnd(width)}help for this command`].join('\n');
}

/** Read a string flag that has a default (so it is always set). */
export function str(args: ParsedArgs, name: string): string {
  const v = args.flags[name];
  return typeof v === 'string' ? v : '';
}
