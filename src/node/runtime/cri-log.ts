/**
 * The CRI container log file format, as containerd writes it and the
 * kubelet reads it: one record per line,
 * `<RFC3339Nano time> <stdout|stderr> <P|F> <content>`, where P marks a
 * partial line (the content continues in the next record) and F a full one.
 */

/** One decoded record. */
export interface CriLogRecord {
  /** The timestamp as written (RFC 3339, fractional seconds). */
  time: string;
  /** Milliseconds since the epoch. */
  timeMs: number;
  stream: 'stdout' | 'stderr';
  /** True for a P (partial) record. */
  partial: boolean;
  /** Content without the line break. */
  content: Buffer;
}

/** RFC3339Nano as Go prints it: fractional seconds without trailing zeros. */
export function rfc3339Nano(ms: number, extraNanos = 0): string {
  const iso = new Date(ms).toISOString(); // 2006-01-02T15:04:05.123Z
  const frac = (iso.slice(20, 23) + String(extraNanos).padStart(6, '0')).replace(/0+$/, '');
  return `${iso.slice(0, 19)}${frac ? '.' + frac : ''}Z`;
}

/** Encode one record (content must not contain a newline). */
export function formatCriLog(time: string, stream: 'stdout' | 'stderr', partial: boolean, content: Buffer | string): Buffer {
  return Buffer.concat([Buffer.from(`${time} ${stream} ${partial ? 'P' : 'F'} `), Buffer.from(content), Buffer.from('\n')]);
}

/** Decode one line (without its newline); undefined if it is not a CRI record. */
export function parseCriLog(line: Buffer): CriLogRecord | undefined {
  const s1 = line.indexOf(0x20);
  const s2 = s1 < 0 ? -1 : line.indexOf(0x20, s1 + 1);
  const s3 = s2 < 0 ? -1 : line.indexOf(0x20, s2 + 1);
  if (s3 < 0 && !(s2 > 0 && line.length === s2 + 2)) return undefined;
  const time = line.toString('latin1', 0, s1);
  const stream = line.toString('latin1', s1 + 1, s2);
  const tag = line.toString('latin1', s2 + 1, s3 < 0 ? line.length : s3);
  const timeMs = Date.parse(time);
  if (Number.isNaN(timeMs) || (stream !== 'stdout' && stream !== 'stderr')) return undefined;
  return { time, timeMs, stream, partial: tag.split(':')[0] === 'P', content: s3 < 0 ? Buffer.alloc(0) : line.subarray(s3 + 1) };
}
