/**
 * Writes as data: the group committer queues these and applies each one in
 * the shared transaction with the verb's `apply*` function.
 */
import type { KeyValue, WatchEvent } from '../types.ts';
import type { Statements } from './statements.ts';

/** One queued write. */
export type WriteOp =
  | { kind: 'create'; key: string; value: string }
  | { kind: 'update'; key: string; value: string; expectedModRevision: number }
  | { kind: 'delete'; key: string; expectedModRevision?: number };

/** What a verb needs inside the batch transaction. */
export interface TxContext {
  stmts: Statements;
  /** Allocate the next revision (only once the op is known to succeed). */
  nextRev(): number;
}

/** Result of one successful write: the value returned to the caller and the event for watchers. */
export interface Applied {
  kv: KeyValue;
  event: WatchEvent;
}
