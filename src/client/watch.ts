/**
 * A watch over one streaming HTTP response: the body is newline-delimited
 * JSON events, decoded as bytes arrive (a chunk may hold half an event or
 * several). Consumers iterate the events; a broken connection ends the
 * iteration with a K8sError, a clean end (server timeout) ends it quietly.
 */
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { K8sError } from '../base/errors.ts';
import type { KObject } from '../api/types.ts';
import type { WatchEvent, WatchStream } from './types.ts';

const EVENT_TYPES = new Set(['ADDED', 'MODIFIED', 'DELETED', 'BOOKMARK', 'ERROR']);

/**
 * Splits a byte stream into JSON lines. Exposed for tests; {@link HttpWatch}
 * feeds it response chunks.
 */
export class EventLineDecoder {
  private readonly decoder = new StringDecoder('utf8');
  private buf = '';

  /** Feed bytes; returns the events completed by them. Throws K8sError on a bad line. */
  push(chunk: Buffer | string): WatchEvent[] {
    this.buf += typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    const out: WatchEvent[] = [];
    let nl: number;
    while ((nl = this.buf.indexOf('\n')) >= 0) {
      const line = this.buf.slice(0, nl).trim();
      this.buf = this.buf.slice(nl + 1);
      if (line) out.push(parseEvent(line));
    }
    return out;
  }

  /** Bytes left at the end of the stream (a final event without newline). */
  end(): WatchEvent[] {
    const rest = (this.buf + this.decoder.end()).trim();
    this.buf = '';
    return rest ? [parseEvent(rest)] : [];
  }
}

function parseEvent(line: string): WatchEvent {
  let ev: unknown;
  try {
    ev = JSON.parse(line);
  } catch {
    throw new K8sError('InternalError', 'malformed watch event from server');
  }
  const e = ev as { type?: unknown; object?: unknown };
  if (typeof e?.type !== 'string' || !EVENT_TYPES.has(e.type) || typeof e.object !== 'object' || e.object === null) {
    throw new K8sError('InternalError', 'watch event without a known type and an object');
  }
  return { type: e.type as WatchEvent['type'], object: e.object as KObject };
}

/** A {@link WatchStream} over one HTTP response body (an HTTP/1.1 response or an HTTP/2 stream). */
export class HttpWatch<T extends KObject = KObject> implements WatchStream<T> {
  private readonly queue: WatchEvent<T>[] = [];
  private readonly decoder = new EventLineDecoder();
  private waiter?: () => void;
  private finished = false;
  private failure?: K8sError;
  private stopped = false;
  private ended = false;

  /** `abort` cuts the request (socket or stream); the body is mid-stream and cannot be reused. */
  constructor(private readonly body: Readable, private readonly abort: () => void) {
    body.on('data', (chunk: Buffer) => {
      try {
        for (const e of this.decoder.push(chunk)) this.queue.push(e as WatchEvent<T>);
      } catch (err) {
        this.fail(err as K8sError);
        return;
      }
      // Back-pressure: stop reading while the consumer is behind.
      if (this.queue.length > 1000) body.pause();
      this.wake();
    });
    body.on('end', () => {
      this.ended = true;
      try {
        for (const e of this.decoder.end()) this.queue.push(e as WatchEvent<T>);
      } catch (err) {
        this.fail(err as K8sError);
        return;
      }
      this.finish();
    });
    body.on('aborted', () => this.fail(new K8sError('InternalError', 'watch connection aborted')));
    body.on('error', (err: Error) => this.fail(new K8sError('InternalError', `watch stream error: ${err.message}`)));
    body.on('close', () => {
      if (!this.ended) this.fail(new K8sError('InternalError', 'watch connection closed before the end'));
    });
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
  }

  private finish(): void {
    this.finished = true;
    this.wake();
  }

  private fail(err: K8sError): void {
    if (this.finished) return;
    if (!this.stopped) this.failure = err;
    this.finished = true;
    this.abort();
    this.wake();
  }

  /** End the watch from our side; iteration ends without error. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.finished = true;
    this.queue.length = 0;
    this.abort();
    this.wake();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<WatchEvent<T>> {
    for (;;) {
      const e = this.queue.shift();
      if (e) {
        if (this.queue.length < 100 && this.body.isPaused()) this.body.resume();
        yield e;
        continue;
      }
      if (this.stopped) return;
      if (this.finished) {
        if (this.failure) throw this.failure;
        return;
      }
      await new Promise<void>((resolve) => { this.waiter = resolve; });
    }
  }
}
