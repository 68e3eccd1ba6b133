/**
 * Builds `meta.k8s.io/v1` Table responses from a printer, and the default
 * printer upstream uses for kinds without one (Name, Created At).
 */
import type { KObject, Printer, TableColumnDefinition } from '../types.ts';
import { AGE_DOC, NAME_COL } from './columns.ts';

/** A printer that may also attach row conditions (pods mark Completed rows). */
export interface TablePrinter extends Printer {
  /** `metav1.TableRowCondition`s of one row, if any. */
  conditions?(obj: KObject): unknown[] | undefined;
}

/** What each row carries besides its cells (the `includeObject` query parameter). */
export type IncludeObject = 'None' | 'Metadata' | 'Object';

/** A `meta.k8s.io/v1` Table. */
export interface Table {
  apiVersion: 'meta.k8s.io/v1';
  kind: 'Table';
  metadata: Record<string, unknown>;
  columnDefinitions: TableColumnDefinition[];
  rows: object[];
}

/** RFC3339 in UTC with whole seconds, as Go's time.RFC3339 of a metav1.Time. */
function rfc3339(ts: unknown): string {
  if (typeof ts !== 'string' || ts === '') return '0001-01-01T00:00:00Z';
  const ms = Date.parse(ts);
  if (Number.isNaN(ms)) return '0001-01-01T00:00:00Z';
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** Upstream's default table (k8s.io/apiserver rest.DefaultTableConvertor). */
export const defaultPrinter: Printer = {
  columns: [NAME_COL, { name: 'Created At', type: 'date', format: '', description: AGE_DOC, priority: 0 }],
  cells: (obj) => [obj.metadata.name ?? '', rfc3339(obj.metadata.creationTimestamp)],
};

/** A row's `object`: PartialObjectMetadata, the whole object, or nothing. */
function rowObject(obj: KObject, include: IncludeObject): object | undefined {
  if (include === 'None') return undefined;
  if (include === 'Object') return obj;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
}

/**
 * Prints objects as a Table. The caller sets metadata.resourceVersion and
 * metadata.continue; `includeObject` defaults to Metadata as upstream.
 */
export function toTable(
  items: KObject[],
  printer: Printer,
  opts: { now: number; includeObject?: IncludeObject },
): Table {
  const include = opts.includeObject ?? 'Metadata';
  const conditions = (printer as TablePrinter).conditions;
  const rows: object[] = new Array(items.length);
  for (let i = 0; i < items.length; i++) {
    const obj = items[i];
    const row: Record<string, unknown> = { cells: printer.cells(obj, opts.now) };
    const conds = conditions ? conditions(obj) : undefined;
    if (conds) row.conditions = conds;
    const o = rowObject(obj, include);
    if (o) row.object = o;
    rows[i] = row;
  }
  return { apiVersion: 'meta.k8s.io/v1', kind: 'Table', metadata: {}, columnDefinitions: printer.columns, rows };
}
