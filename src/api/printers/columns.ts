/**
 * Column-definition helpers and the shared column texts (descriptions come
 * from the API field docs, as upstream builds them from SwaggerDoc()).
 */
import type { TableColumnDefinition } from '../types.ts';

/** `metav1.ObjectMeta` doc of `name`: every Name column's description. */
export const NAME_DOC =
  'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a ' +
  'client to request the generation of an appropriate name automatically. Name is primarily intended for creation ' +
  'idempotence and configuration definition. Cannot be updated. More info: ' +
  'https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names';

/** `metav1.ObjectMeta` doc of `creationTimestamp`: every Age column's description. */
export const AGE_DOC =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed ' +
  'to be set in happens-before order across separate operations. Clients may not set this value. It is represented ' +
  'in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: ' +
  'https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

export const CONTAINERS_DOC = 'Names of each container in the template.';
export const IMAGES_DOC = 'Images referenced by each container in the template.';

/** A column shown by default. */
export function col(name: string, type: string, description: string): TableColumnDefinition {
  return { name, type, format: '', description, priority: 0 };
}

/** A column shown only with `-o wide` (priority 1). */
export function wide(name: string, type: string, description: string): TableColumnDefinition {
  return { name, type, format: '', description, priority: 1 };
}

/** The Name column (format "name", which kubectl uses for `-o name` style output). */
export const NAME_COL: TableColumnDefinition = { name: 'Name', type: 'string', format: 'name', description: NAME_DOC, priority: 0 };
/** The Age column. */
export const AGE_COL: TableColumnDefinition = col('Age', 'string', AGE_DOC);

/** Container names and images joined by commas (layoutContainerCells). */
export function containerCells(containers: unknown): [string, string] {
  if (!Array.isArray(containers)) return ['', ''];
  let names = '';
  let images = '';
  for (let i = 0; i < containers.length; i++) {
    const c = containers[i] ?? {};
    if (i > 0) {
      names += ',';
      images += ',';
    }
    names += c.name ?? '';
    images += c.image ?? '';
  }
  return [names, images];
}

/** Integer cell: Go zero value (0) when the field is absent. */
export function int(v: unknown): number {
  return typeof v === 'number' ? v : 0;
}

/** String cell: Go zero value ('') when the field is absent. */
export function str(v: unknown): string {
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);
}
