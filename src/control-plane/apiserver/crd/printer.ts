/**
 * Table printing of custom resources: Name, then the version's
 * additionalPrinterColumns (simple JSONPath: `.a.b`, `.a[0].b`), or Name and
 * Age when it declares none; `date` columns print as ages, as upstream.
 */
import type { KObject, Printer, TableColumnDefinition } from '../../../api/types.ts';
import type { ResourceInfo } from '../../../api/resources.ts';
import { since } from '../../../api/printers/duration.ts';

function evalPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  const p = path.replace(/^\{|\}$/g, '');
  for (const m of p.matchAll(/\.([^.[\]]+)|\[(\d+)\]|\['([^']+)'\]/g)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    const k = m[1] ?? m[3] ?? Number(m[2]);
    cur = (cur as Record<string | number, unknown>)[k];
  }
  return cur;
}

const NAME: TableColumnDefinition = { name: 'Name', type: 'string', format: 'name', description: 'Name must be unique within a namespace.', priority: 0 };
const AGE: TableColumnDefinition = { name: 'Age', type: 'date', format: '', description: 'CreationTimestamp is a timestamp representing the server time when this object was created.', priority: 0 };

/** The printer of a custom resource version. */
export function customPrinter(r: ResourceInfo): Printer {
  const cols = r.custom?.printerColumns ?? [];
  if (cols.length === 0) {
    return { columns: [NAME, AGE], cells: (o: KObject, now: number) => [o.metadata.name, since(o.metadata.creationTimestamp, now)] };
  }
  const columns = [NAME, ...cols.map((c) => ({ name: c.name, type: c.type, format: c.format ?? '', description: c.description ?? '', priority: c.priority ?? 0 }))];
  return {
    columns,
    cells: (o: KObject, now: number) => [o.metadata.name, ...cols.map((c) => {
      const v = evalPath(o, c.jsonPath);
      if (v === undefined || v === null) return null;
      if (c.type === 'date') return since(v, now);
      if (typeof v === 'object') return JSON.stringify(v);
      return v;
    })],
  };
}
