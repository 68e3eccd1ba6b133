/**
 * Generates `../generated/definitions.json` from the models of
 * `@kubernetes/client-node@1.3.0`, which are generated from upstream's
 * OpenAPI document (Kubernetes 1.33): descriptions from the `.d.ts` TSDoc,
 * JSON names, types and formats from each model's `attributeTypeMap`.
 *
 * Usage (needs the npm registry; writes only the generated file):
 *   node --import tsx src/api/schema/generate/from-client-node.ts
 *
 * Only definitions reachable from served kinds (plus the few kinds spoken
 * on subresources) are kept, named as upstream names them.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { RESOURCES } from '../../resources.ts';
import { K8sError } from '../../../base/errors.ts';
import type { Definitions, Schema } from '../types.ts';
import { classFor, definitionName, EXTRA_KINDS } from './naming.ts';

const PACKAGE = '@kubernetes/client-node@1.3.0';

interface Attr { name: string; baseName: string; type: string; format: string }
interface Model { doc?: string; props: Map<string, { doc?: string; optional: boolean }>; attrs: Attr[] }

function unpack(): string {
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-schema-'));
  execFileSync('npm', ['pack', PACKAGE, '--pack-destination', dir], { stdio: 'ignore' });
  const tgz = execFileSync('sh', ['-c', `ls ${dir}/*.tgz`]).toString().trim();
  execFileSync('tar', ['xzf', tgz, '-C', dir]);
  return join(dir, 'package', 'dist', 'gen', 'models');
}

/** openapi-generator escapes quotes inside TSDoc; undo that. */
function clean(doc: string | undefined): string | undefined {
  const s = doc?.replace(/\\(['"])/g, '$1').trim();
  return s ? s : undefined;
}

function readModel(dir: string, cls: string): Model {
  const dts = readFileSync(join(dir, `${cls}.d.ts`), 'utf8');
  const js = readFileSync(join(dir, `${cls}.js`), 'utf8');
  const m = new RegExp(`${cls}\\.attributeTypeMap = (\\[[\\s\\S]*?\\]);`).exec(js);
  if (!m) throw new K8sError('InternalError', `no attributeTypeMap in ${cls}`);
  const attrs = JSON.parse(m[1]!) as Attr[];
  const sf = ts.createSourceFile(`${cls}.d.ts`, dts, ts.ScriptTarget.ES2022, true);
  const model: Model = { props: new Map(), attrs };
  const jsdoc = (n: ts.Node) => clean(ts.getJSDocCommentsAndTags(n).map((d) => (typeof d.comment === 'string' ? d.comment : '')).join('\n'));
  sf.forEachChild((n) => {
    if (!ts.isClassDeclaration(n) || n.name?.text !== cls) return;
    model.doc = jsdoc(n);
    for (const mem of n.members) {
      if (!ts.isPropertyDeclaration(mem) || mem.modifiers?.some((x) => x.kind === ts.SyntaxKind.StaticKeyword)) continue;
      const name = ts.isStringLiteral(mem.name) || ts.isIdentifier(mem.name) ? mem.name.text : mem.name.getText(sf);
      model.props.set(name, { doc: jsdoc(mem), optional: !!mem.questionToken });
    }
  });
  return model;
}

/** Converts an attributeTypeMap type string to a schema, queueing referenced classes. */
function typeSchema(type: string, format: string, refs: Set<string>, pkgOf: Map<string, string>, owner: string): Schema {
  const arr = /^Array<(.+)>$/.exec(type);
  if (arr) return { type: 'array', items: typeSchema(arr[1]!, '', refs, pkgOf, owner) };
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map) return { type: 'object', additionalProperties: typeSchema(map[1]!, '', refs, pkgOf, owner) };
  switch (type) {
    case 'string': return format ? { type: 'string', format } : { type: 'string' };
    case 'boolean': return { type: 'boolean' };
    case 'number': return format === 'double' || format === 'float' ? { type: 'number', format } : { type: 'integer', format: format || 'int64' };
    case 'Date': return { type: 'string', format: format || 'date-time' };
    // MicroTime has no model of its own; upstream serializes it as an RFC 3339 string with microseconds.
    case 'V1MicroTime': return { type: 'string', format: 'date-time' };
    case 'IntOrString': return { type: 'string', format: 'int-or-string', 'x-kubernetes-int-or-string': true };
    case 'any': case 'object': return { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
  }
  if (!pkgOf.has(type)) pkgOf.set(type, pkgOf.get(owner)!);
  refs.add(type);
  return { $ref: `#/definitions/${definitionName(type, pkgOf.get(type)!)}` };
}

function main(): void {
  const dir = process.argv[2] ?? unpack();
  const pkgOf = new Map<string, string>();
  const queue: string[] = [];
  for (const k of [...RESOURCES, ...EXTRA_KINDS]) {
    const cls = classFor(k.group, k.version, k.kind, (c) => existsSync(join(dir, `${c}.d.ts`)));
    if (!pkgOf.has(cls)) { pkgOf.set(cls, k.group); queue.push(cls); }
  }
  const defs: Definitions = {};
  const seen = new Set<string>();
  while (queue.length) {
    const cls = queue.shift()!;
    if (seen.has(cls)) continue;
    seen.add(cls);
    const model = readModel(dir, cls);
    const refs = new Set<string>();
    const properties: Record<string, Schema> = {};
    const required: string[] = [];
    for (const a of model.attrs) {
      const p = model.props.get(a.name);
      const s = typeSchema(a.type, a.format, refs, pkgOf, cls);
      properties[a.baseName] = p?.doc ? { description: p.doc, ...s } : s;
      if (p && !p.optional) required.push(a.baseName);
    }
    const def: Schema = { type: 'object', properties };
    if (model.doc) def.description = model.doc;
    if (required.length) def.required = required;
    defs[definitionName(cls, pkgOf.get(cls)!)] = def;
    for (const r of refs) if (!seen.has(r)) queue.push(r);
  }
  // Mark each kind's definition with its GVK, as upstream does; clients find schemas by it.
  for (const k of [...RESOURCES, ...EXTRA_KINDS]) {
    const cls = classFor(k.group, k.version, k.kind, (c) => existsSync(join(dir, `${c}.d.ts`)));
    const def = defs[definitionName(cls, pkgOf.get(cls)!)]!;
    const list = (def['x-kubernetes-group-version-kind'] ??= []);
    if (!list.some((g) => g.group === k.group && g.version === k.version && g.kind === k.kind)) {
      list.push({ group: k.group, version: k.version, kind: k.kind });
    }
  }
  const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'generated', 'definitions.json');
  const sorted = Object.fromEntries(Object.keys(defs).sort().map((k) => [k, defs[k]!]));
  writeFileSync(out, `${JSON.stringify({ generatedFrom: PACKAGE, definitions: sorted })}\n`);
}

main();
