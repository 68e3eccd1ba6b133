/**
 * `sh` reading commands from stdin. With a tty it behaves like busybox ash
 * at a terminal in raw mode: a "/ # " prompt, echo of typed characters,
 * backspace, ^C and ^D; without one it runs each line as it arrives.
 */
import { ExitSignal, runScript, say, type ProcIO, type ShellContext } from './shell.ts';

/** Run an interactive shell until `exit`, end of input or abort; resolves with its exit code. */
export async function interactive(io: ProcIO, ctx: ShellContext, tty = isTty(io)): Promise<number> {
  const prompt = () => { if (tty) say(io.stdout, `${ctx.cwd === ctx.env.HOME ? '~' : ctx.cwd} # `); };
  const cmdIO: ProcIO = { stdout: io.stdout, stderr: io.stderr };
  if (!io.stdin) return 0;
  prompt();
  let line = '';
  try {
    for await (const chunk of io.stdin) {
      const text = (chunk as Buffer).toString('utf8');
      for (const ch of text) {
        if (ctx.signal.aborted) return 143;
        if (ch === '\r' || ch === '\n') {
          if (tty) say(io.stdout, '\n');
          const src = line;
          line = '';
          if (src.trim() !== '') await runScript(src, cmdIO, ctx);
          prompt();
        } else if (tty && (ch === '\x7f' || ch === '\b')) {
          if (line.length > 0) { line = line.slice(0, -1); say(io.stdout, '\b \b'); }
        } else if (tty && ch === '\x03') {
          line = '';
          say(io.stdout, '^C\n');
          prompt();
        } else if (tty && ch === '\x04') {
          if (line === '') { say(io.stdout, '\n'); return ctx.status; }
        } else {
          line += ch;
          if (tty) say(io.stdout, ch);
        }
      }
    }
    if (line.trim() !== '') await runScript(line, cmdIO, ctx);
    return ctx.status;
  } catch (e) {
    if (e instanceof ExitSignal) return e.code;
    throw e;
  }
}

/** The exec layer marks tty output streams (see streaming.ts). */
function isTty(io: ProcIO): boolean {
  return (io.stdout as { isTTY?: boolean }).isTTY === true;
}
