/**
 * Field selectors (`metadata.name=x,status.phase!=Running`): parsing with
 * upstream's escaping and errors, per-kind field getters, and a compiler
 * that turns a selector into an object predicate.
 */
import { K8sError } from '../../base/errors.ts';
import { gkKey, type FieldGetters, type KObject } from '../types.ts';

/** One parsed field requirement. */
export interface FieldRequirement {
  field: string;
  operator: '=' | '==' | '!=';
  value: string;
}

const OPERATORS = ['!=', '==', '='] as const;

/** Splits on unescaped commas, keeping escapes for the unescape step. */
function splitTerms(s: string): string[] {
  if (s === '') return [];
  const terms: string[] = [];
  let start = 0;
  let escaped = false;
  for (let i = 0; i < s.length; i++) {
    if (escaped) escaped = false;
    else if (s[i] === '\\') escaped = true;
    else if (s[i] === ',') {
      terms.push(s.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(s.slice(start));
  return terms;
}

/** First operator occurrence, preferring '!=' then '==' then '=' at each position. */
function splitTerm(term: string): [string, FieldRequirement['operator'], string] | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of OPERATORS) {
      if (term.startsWith(op, i)) return [term.slice(0, i), op, term.slice(i + op.length)];
    }
  }
  return undefined;
}

/** Reverses upstream's EscapeValue ('\\', '\,' and '\='). */
function unescapeValue(v: string): string {
  if (!/[\\,=]/.test(v)) return v;
  let out = '';
  for (let i = 0; i < v.length; i++) {
    const c = v[i];
    if (c === '\\') {
      const n = v[i + 1];
      if (n !== '\\' && n !== ',' && n !== '=') {
        throw new K8sError('BadRequest', `invalid field selector: invalid escape sequence: ${v.slice(i, i + 2)}`);
      }
      out += n;
      i++;
    } else if (c === ',' || c === '=') {
      throw new K8sError('BadRequest', `invalid field selector: unescaped character ${c}`);
    } else out += c;
  }
  return out;
}

/**
 * Parses a fieldSelector query value into requirements (sorted, as upstream).
 * Throws K8sError('BadRequest') with upstream's message on bad syntax.
 */
export function parseFieldSelector(selector: string): FieldRequirement[] {
  const reqs: FieldRequirement[] = [];
  for (const term of splitTerms(selector).sort()) {
    if (term === '') continue;
    const parts = splitTerm(term);
    if (!parts) throw new K8sError('BadRequest', `invalid selector: '${selector}'; can't understand '${term}'`);
    const [field, operator, raw] = parts;
    reqs.push({ field, operator, value: unescapeValue(raw) });
  }
  return reqs;
}

// ---- per-kind fields ------------------------------------------------------

type Getter = (obj: KObject) => string | undefined;

const str = (v: unknown): string | undefined => (v === undefined || v === null ? undefined : String(v));
/** Booleans select as "true"/"false", absent as false (upstream reads Go zero values). */
const bool = (v: unknown): string => (v === true ? 'true' : 'false');
/** Integers select as decimal text, absent as 0. */
const int = (v: unknown): string => String(typeof v === 'number' ? v : 0);

const META: FieldGetters = {
  'metadata.name': (o) => o.metadata?.name,
  'metadata.namespace': (o) => o.metadata?.namespace,
};

const POD: FieldGetters = {
  'spec.nodeName': (o) => str(o.spec?.nodeName),
  'spec.restartPolicy': (o) => str(o.spec?.restartPolicy),
  'spec.schedulerName': (o) => str(o.spec?.schedulerName),
  'spec.serviceAccountName': (o) => str(o.spec?.serviceAccountName),
  'spec.hostNetwork': (o) => bool(o.spec?.hostNetwork),
  'status.phase': (o) => str(o.status?.phase),
  'status.podIP': (o) => str(o.status?.podIPs?.[0]?.ip ?? o.status?.podIP),
  // Upstream accepts this label but never fills it in the selectable set, so it always reads ''.
  'status.podIPs': () => undefined,
  'status.nominatedNodeName': (o) => str(o.status?.nominatedNodeName),
};

const EVENT: FieldGetters = {
  'involvedObject.kind': (o) => str(o.involvedObject?.kind),
  'involvedObject.namespace': (o) => str(o.involvedObject?.namespace),
  'involvedObject.name': (o) => str(o.involvedObject?.name),
  'involvedObject.uid': (o) => str(o.involvedObject?.uid),
  'involvedObject.apiVersion': (o) => str(o.involvedObject?.apiVersion),
  'involvedObject.resourceVersion': (o) => str(o.involvedObject?.resourceVersion),
  'involvedObject.fieldPath': (o) => str(o.involvedObject?.fieldPath),
  reason: (o) => str(o.reason),
  reportingComponent: (o) => str(o.reportingComponent),
  source: (o) => str(o.source?.component),
  type: (o) => str(o.type),
};

/** Extra selectable fields by kind, beyond metadata.name and metadata.namespace. */
const EXTRA: Record<string, Record<string, Getter>> = {
  [gkKey('', 'Pod')]: POD,
  [gkKey('', 'Event')]: EVENT,
  // events.k8s.io shares core storage; selectors run on the stored core form.
  [gkKey('events.k8s.io', 'Event')]: EVENT,
  [gkKey('', 'Secret')]: { type: (o) => str(o.type) },
  [gkKey('', 'Namespace')]: { 'status.phase': (o) => str(o.status?.phase) },
  [gkKey('', 'Node')]: { 'spec.unschedulable': (o) => bool(o.spec?.unschedulable) },
  [gkKey('', 'ReplicationController')]: { 'status.replicas': (o) => int(o.status?.replicas) },
  [gkKey('', 'Service')]: {
    'spec.clusterIP': (o) => str(o.spec?.clusterIP),
    'spec.type': (o) => str(o.spec?.type),
  },
  [gkKey('apps', 'ReplicaSet')]: { 'status.replicas': (o) => int(o.status?.replicas) },
  [gkKey('batch', 'Job')]: { 'status.successful': (o) => int(o.status?.succeeded) },
  [gkKey('certificates.k8s.io', 'CertificateSigningRequest')]: { 'spec.signerName': (o) => str(o.spec?.signerName) },
};

/** Field getters of one kind: metadata fields plus the kind's own. */
export function fieldGettersFor(group: string, kind: string): FieldGetters {
  return fieldGetters[gkKey(group, kind)] ?? META;
}

/** Selectable fields by gkKey. Kinds not listed support only metadata.name/namespace. */
export const fieldGetters: Record<string, FieldGetters> = Object.fromEntries(
  Object.entries(EXTRA).map(([k, extra]) => [k, { ...META, ...extra }]),
);

/**
 * Compiles a fieldSelector for one kind into a predicate. Unknown fields
 * throw K8sError('BadRequest', 'field label not supported: <name>').
 */
export function compileFieldSelector(group: string, kind: string, selector: string): (obj: KObject) => boolean {
  const reqs = parseFieldSelector(selector);
  if (reqs.length === 0) return () => true;
  const getters = fieldGettersFor(group, kind);
  const tests = reqs.map(({ field, operator, value }) => {
    const get = Object.prototype.hasOwnProperty.call(getters, field) ? getters[field] : undefined;
    if (!get) throw new K8sError('BadRequest', `field label not supported: ${field}`);
    return operator === '!='
      ? (o: KObject) => (get(o) ?? '') !== value
      : (o: KObject) => (get(o) ?? '') === value;
  });
  return (obj) => {
    for (let i = 0; i < tests.length; i++) if (!tests[i](obj)) return false;
    return true;
  };
}

/**
 * The single value a selector pins a field to (`metadata.name=x` -> 'x'),
 * so storage can narrow a list to one key; undefined when not pinned.
 */
export function fieldSelectorValue(selector: string, field: string): string | undefined {
  const r = parseFieldSelector(selector).find((q) => q.field === field && q.operator !== '!=');
  return r?.value;
}
