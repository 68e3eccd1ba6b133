/**
 * A set of field paths, as server-side apply records ownership: a tree
 * whose edges are path elements (`f:name`, `k:{"name":"x"}`, `v:"a"`,
 * `i:0`) and whose nodes may be members of the set. Its JSON form is
 * exactly `FieldsV1` (a member with children carries a `"."` entry; a
 * member without children is `{}`).
 */

/** One node of a field set. */
export interface FieldSet {
  /** The path to this node is itself in the set. */
  member: boolean;
  /** Children by path element string. */
  children: Map<string, FieldSet>;
}

/** An empty set. */
export function emptySet(): FieldSet {
  return { member: false, children: new Map() };
}

/** The child node for `pe`, created when missing. */
export function childOf(s: FieldSet, pe: string): FieldSet {
  let c = s.children.get(pe);
  if (!c) {
    c = emptySet();
    s.children.set(pe, c);
  }
  return c;
}

/** Insert a path. */
export function insertPath(s: FieldSet, path: readonly string[]): void {
  let n = s;
  for (const pe of path) n = childOf(n, pe);
  n.member = true;
}

/** True when the set has no member. */
export function isEmpty(s: FieldSet): boolean {
  if (s.member) return false;
  for (const c of s.children.values()) if (!isEmpty(c)) return false;
  return true;
}

/** The node at `path`, if any. */
export function nodeAt(s: FieldSet, path: readonly string[]): FieldSet | undefined {
  let n: FieldSet | undefined = s;
  for (const pe of path) {
    n = n.children.get(pe);
    if (!n) return undefined;
  }
  return n;
}

/** a ∪ b (new tree). */
export function union(a: FieldSet, b: FieldSet): FieldSet {
  const out: FieldSet = { member: a.member || b.member, children: new Map() };
  for (const [k, c] of a.children) {
    const o = b.children.get(k);
    out.children.set(k, o ? union(c, o) : clone(c));
  }
  for (const [k, c] of b.children) if (!a.children.has(k)) out.children.set(k, clone(c));
  return out;
}

/** a − b: members of a that are not members of b (new tree, empty branches dropped). */
export function difference(a: FieldSet, b: FieldSet | undefined): FieldSet {
  if (!b) return clone(a);
  const out: FieldSet = { member: a.member && !b.member, children: new Map() };
  for (const [k, c] of a.children) {
    const d = difference(c, b.children.get(k));
    if (!isEmpty(d)) out.children.set(k, d);
  }
  return out;
}

/** a ∩ b (new tree). */
export function intersection(a: FieldSet, b: FieldSet): FieldSet {
  const out: FieldSet = { member: a.member && b.member, children: new Map() };
  for (const [k, c] of a.children) {
    const o = b.children.get(k);
    if (!o) continue;
    const i = intersection(c, o);
    if (!isEmpty(i)) out.children.set(k, i);
  }
  return out;
}

/**
 * Remove from `s` every member path of `gone` together with everything
 * below it (a removed list item takes its fields with it).
 */
export function removeSubtrees(s: FieldSet, gone: FieldSet): FieldSet {
  if (gone.member) return emptySet();
  const out: FieldSet = { member: s.member, children: new Map() };
  for (const [k, c] of s.children) {
    const g = gone.children.get(k);
    const r = g ? removeSubtrees(c, g) : c;
    if (!isEmpty(r)) out.children.set(k, r);
  }
  return out;
}

/** Deep copy. */
export function clone(s: FieldSet): FieldSet {
  const out: FieldSet = { member: s.member, children: new Map() };
  for (const [k, c] of s.children) out.children.set(k, clone(c));
  return out;
}

/** Every member path, depth first. */
export function memberPaths(s: FieldSet, prefix: string[] = [], out: string[][] = []): string[][] {
  if (s.member) out.push([...prefix]);
  for (const [k, c] of s.children) {
    prefix.push(k);
    memberPaths(c, prefix, out);
    prefix.pop();
  }
  return out;
}

/** Structural equality of two sets. */
export function setsEqual(a: FieldSet, b: FieldSet): boolean {
  if (a.member !== b.member) return false;
  let na = 0;
  for (const [k, c] of a.children) {
    if (isEmpty(c)) continue;
    na++;
    const o = b.children.get(k);
    if (!o || !setsEqual(c, o)) return false;
  }
  let nb = 0;
  for (const c of b.children.values()) if (!isEmpty(c)) nb++;
  return na === nb;
}

/** The set as FieldsV1 JSON (children sorted, "." first, as upstream serializes). */
export function toFieldsV1(s: FieldSet): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const keys = [...s.children.keys()].filter((k) => !isEmpty(s.children.get(k)!)).sort();
  if (s.member && keys.length > 0) out['.'] = {};
  for (const k of keys) out[k] = toFieldsV1(s.children.get(k)!);
  return out;
}

/** Parse FieldsV1 JSON; malformed input yields what could be read. */
export function fromFieldsV1(v: unknown): FieldSet {
  const s = emptySet();
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return s;
  const keys = Object.keys(v);
  if (keys.length === 0) {
    s.member = true;
    return s;
  }
  for (const k of keys) {
    if (k === '.') s.member = true;
    else s.children.set(k, fromFieldsV1((v as Record<string, unknown>)[k]));
  }
  return s;
}
