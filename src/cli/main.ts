/**
 * Entry point of the k8ts CLI: dispatches to one command per file, turns
 * usage mistakes into exit code 2 and other failures into exit code 1.
 */
import { parseArgs, UsageError, type ParsedArgs } from './args.ts';
import type { Command } from './command.ts';
import { commandHelp, topHelp } from './help.ts';
import { initCommand } from './init.ts';
import { imageCommand } from './image.ts';
import { joinCommand } from './join.ts';
import { tokenCommand } from './token.ts';
import { kubectlCommand } from './kubectl.ts';
import { resetCommand } from './reset.ts';
import { simCommand } from './sim.ts';
import { versionCommand } from './version.ts';

/** Every command, in the order `k8ts --help` lists them. */
export const COMMANDS: Command[] = [initCommand, joinCommand, tokenCommand, kubectlCommand, imageCommand, resetCommand, simCommand, versionCommand];

/** Run the CLI with `argv` (without node and script); resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    process.stderr.write(`error: no command given\n\n${topHelp(COMMANDS)}`);
    return 2;
  }
  if (name === '--help' || name === '-h') {
    process.stdout.write(topHelp(COMMANDS));
    return 0;
  }
  if (name === 'help') {
    const target = COMMANDS.find((c) => c.name === rest[0]);
    if (rest[0] !== undefined && !target) return unknownCommand(rest[0]);
    process.stdout.write(target ? commandHelp(target) : topHelp(COMMANDS));
    return 0;
  }
  const cmd = COMMANDS.find((c) => c.name === name) ?? (name === '--version' ? versionCommand : undefined);
  if (!cmd) return unknownCommand(name);
  let args: ParsedArgs;
  try {
    args = cmd.flags ? parseArgs(rest, cmd.flags) : { flags: {}, positional: rest, help: false };
    if (args.help) {
      process.stdout.write(commandHelp(cmd));
      return 0;
    }
    return await cmd.run(args);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`error: ${e.message}\n\n${commandHelp(cmd)}`);
      return 2;
    }
    process.stderr.write(`error: ${(e as Error).message ?? String(e)}\n`);
    return 1;
  }
}

function unknownCommand(name: string): number {
  process.stderr.write(`error: unknown command "${name}" for "k8ts"\n\n${topHelp(COMMANDS)}`);
  return 2;
}

// Run when executed directly (bin/k8ts), not when imported by tests.
if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('/src/cli/main.ts')) {
  main(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    (e: unknown) => { process.stderr.write(`error: ${(e as Error).stack ?? String(e)}\n`); process.exitCode = 1; },
  );
}
