/**
 * Structured logger: one JSON line per record on stderr, constant messages,
 * data in fields. One logger per component (`logger.child({component})`).
 */

/** Log levels in increasing severity. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Minimal structured logger interface used throughout k8ts. */
export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  /** A logger that adds `fields` to every record. */
  child(fields: Record<string, unknown>): Logger;
}

/** Where records go; tests inject an array sink. */
export type LogSink = (line: string) => void;

class JsonLogger implements Logger {
  constructor(
    private readonly min: number,
    private readonly base: Record<string, unknown>,
    private readonly sink: LogSink,
  ) {}

  private write(level: LogLevel, msg: string, fields?: Record<string, unknown>): void {
    if (LEVELS[level] < this.min) return;
    const rec: Record<string, unknown> = { ts: new Date().toISOString(), level, msg, ...this.base, ...fields };
    for (const [k, v] of Object.entries(rec)) if (v instanceof Error) rec[k] = v.stack ?? v.message;
    this.sink(JSON.stringify(rec));
  }

  debug(msg: string, fields?: Record<string, unknown>): void { this.write('debug', msg, fields); }
  info(msg: string, fields?: Record<string, unknown>): void { this.write('info', msg, fields); }
  warn(msg: string, fields?: Record<string, unknown>): void { this.write('warn', msg, fields); }
  error(msg: string, fields?: Record<string, unknown>): void { this.write('error', msg, fields); }
  child(fields: Record<string, unknown>): Logger {
    return new JsonLogger(this.min, { ...this.base, ...fields }, this.sink);
  }
}

/**
 * Create a logger. Level comes from `K8TS_LOG_LEVEL` unless given; the
 * default sink writes to stderr.
 */
export function createLogger(opts: { level?: LogLevel; sink?: LogSink; fields?: Record<string, unknown> } = {}): Logger {
  const level = opts.level ?? ((process.env.K8TS_LOG_LEVEL as LogLevel | undefined) ?? 'info');
  const sink = opts.sink ?? ((line: string) => process.stderr.write(line + '\n'));
  return new JsonLogger(LEVELS[level] ?? LEVELS.info, opts.fields ?? {}, sink);
}

/** A logger that drops everything (tests, benchmarks). */
export const nullLogger: Logger = createLogger({ sink: () => {}, level: 'error' });
