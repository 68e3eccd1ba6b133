/**
 * Usage texts of the k8ts CLI.
 */
import { formatFlags } from './args.ts';
import type { Command } from './command.ts';

/** The full help of one command: usage plus its flags. */
export function commandHelp(cmd: Command): string {
  return cmd.flags ? `${cmd.usage.trimEnd()}\n\n${formatFlags(cmd.flags)}\n` : `${cmd.usage.trimEnd()}\n`;
}

/** The top-level help listing every command. */
export function topHelp(commands: Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 3;
  return [
    'k8ts: Kubernetes implemented in TypeScript.',
    '',
    'Usage:',
    '  k8ts <command> [flags]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    'Run "k8ts <command> --help" for more about a command.',
    '',
  ].join('\n');
}
