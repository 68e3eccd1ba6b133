/**
 * Name and key syntax checks (RFC 1123 labels and subdomains, RFC 1035
 * labels, qualified names, label values, port names, config keys). Each
 * returns upstream's message strings; an empty list means valid.
 * Regexes are compiled once: these run on every write.
 */

const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1035_LABEL_FMT = '[a-z]([-a-z0-9]*[a-z0-9])?';
const QUALIFIED_NAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const LABEL_VALUE_FMT = `(${QUALIFIED_NAME_FMT})?`;
const CONFIG_KEY_FMT = '[-._a-zA-Z0-9]+';
const ENV_NAME_FMT = '[-._a-zA-Z][-._a-zA-Z0-9]*';
const C_IDENT_FMT = '[A-Za-z_][A-Za-z0-9_]*';

const DNS1123_LABEL_RE = new RegExp(`^${DNS1123_LABEL_FMT}$`);
const DNS1123_SUBDOMAIN_RE = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);
const DNS1035_LABEL_RE = new RegExp(`^${DNS1035_LABEL_FMT}$`);
const QUALIFIED_NAME_RE = new RegExp(`^${QUALIFIED_NAME_FMT}$`);
const LABEL_VALUE_RE = new RegExp(`^${LABEL_VALUE_FMT}$`);
const CONFIG_KEY_RE = new RegExp(`^${CONFIG_KEY_FMT}$`);
const ENV_NAME_RE = new RegExp(`^${ENV_NAME_FMT}$`);
const C_IDENT_RE = new RegExp(`^${C_IDENT_FMT}$`);
const PORT_NAME_CHARSET_RE = /^[-a-z0-9]+$/;
const HAS_LETTER_RE = /[a-z]/;

/** Max length of a DNS-1123 label (and label values, qualified name parts). */
export const DNS1123_LABEL_MAX = 63;
/** Max length of a DNS-1123 subdomain. */
export const DNS1123_SUBDOMAIN_MAX = 253;

/** "must be no more than N characters". */
export function maxLenError(n: number): string {
  return `must be no more than ${n} characters`;
}

/** Upstream's regex-failure explanation, with examples. */
export function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
  // The doubled space after each example's comma is what upstream prints.
  const ex = examples.map((e) => `'${e}', `).join(' or ');
  return `${msg} (e.g. ${ex}regex used for validation is '${fmt}')`;
}

const LABEL_MSG = regexError(
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
  DNS1123_LABEL_FMT, 'my-name', '123-abc');
const SUBDOMAIN_MSG = regexError(
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
  DNS1123_SUBDOMAIN_FMT, 'example.com');
const DNS1035_MSG = regexError(
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
  DNS1035_LABEL_FMT, 'my-name', 'abc-123');
const QUALIFIED_MSG = regexError(
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
  QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc');
const LABEL_VALUE_MSG = regexError(
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
  LABEL_VALUE_FMT, 'MyValue', 'my_value', '12345');
const CONFIG_KEY_MSG = regexError("a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
  CONFIG_KEY_FMT, 'key.name', 'KEY_NAME', 'key-name');
const ENV_NAME_MSG = regexError(
  "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit",
  ENV_NAME_FMT, 'my.env-name', 'MY_ENV.NAME', 'MyEnvName1');
const C_IDENT_MSG = regexError(
  "a valid C identifier must start with alphabetic character or '_', followed by a string of alphanumeric characters or '_'",
  C_IDENT_FMT, 'my_name', 'MY_NAME', 'MyName');

/** RFC 1123 label: lowercase alphanumerics and '-', at most 63. */
export function isDNS1123Label(v: string): string[] {
  const errs: string[] = [];
  if (v.length > DNS1123_LABEL_MAX) errs.push(maxLenError(DNS1123_LABEL_MAX));
  if (!DNS1123_LABEL_RE.test(v)) errs.push(DNS1123_SUBDOMAIN_RE.test(v) ? 'must not contain dots' : LABEL_MSG);
  return errs;
}

/** RFC 1123 subdomain: dot-separated labels, at most 253. */
export function isDNS1123Subdomain(v: string): string[] {
  const errs: string[] = [];
  if (v.length > DNS1123_SUBDOMAIN_MAX) errs.push(maxLenError(DNS1123_SUBDOMAIN_MAX));
  if (!DNS1123_SUBDOMAIN_RE.test(v)) errs.push(SUBDOMAIN_MSG);
  return errs;
}

/** RFC 1035 label: like an RFC 1123 label but starting with a letter. */
export function isDNS1035Label(v: string): string[] {
  const errs: string[] = [];
  if (v.length > DNS1123_LABEL_MAX) errs.push(maxLenError(DNS1123_LABEL_MAX));
  if (!DNS1035_LABEL_RE.test(v)) errs.push(DNS1035_MSG);
  return errs;
}

/** Qualified name (label key, annotation key, finalizer): optional DNS prefix, '/', name part. */
export function isQualifiedName(v: string): string[] {
  const errs: string[] = [];
  const parts = v.split('/');
  let name: string;
  if (parts.length === 1) {
    name = parts[0];
  } else if (parts.length === 2) {
    const prefix = parts[0];
    name = parts[1];
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    else for (const m of isDNS1123Subdomain(prefix)) errs.push(`prefix part ${m}`);
  } else {
    return [`a qualified name ${QUALIFIED_MSG} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`];
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (name.length > DNS1123_LABEL_MAX) errs.push(`name part ${maxLenError(DNS1123_LABEL_MAX)}`);
  if (!QUALIFIED_NAME_RE.test(name)) errs.push(`name part ${QUALIFIED_MSG}`);
  return errs;
}

/** Label value: empty, or a qualified-name-like string of at most 63. */
export function isLabelValue(v: string): string[] {
  const errs: string[] = [];
  if (v.length > DNS1123_LABEL_MAX) errs.push(maxLenError(DNS1123_LABEL_MAX));
  if (!LABEL_VALUE_RE.test(v)) errs.push(LABEL_VALUE_MSG);
  return errs;
}

/** ConfigMap/Secret data key. */
export function isConfigMapKey(v: string): string[] {
  const errs: string[] = [];
  if (v.length > DNS1123_SUBDOMAIN_MAX) errs.push(maxLenError(DNS1123_SUBDOMAIN_MAX));
  if (!CONFIG_KEY_RE.test(v)) errs.push(CONFIG_KEY_MSG);
  errs.push(...chdirPrefix(v));
  return errs;
}

/** Environment variable name (strict form). */
export function isEnvVarName(v: string): string[] {
  const errs = ENV_NAME_RE.test(v) ? [] : [ENV_NAME_MSG];
  errs.push(...chdirPrefix(v));
  return errs;
}

/** C identifier (e.g. fsGroup env names of old volume plugins). */
export function isCIdentifier(v: string): string[] {
  return C_IDENT_RE.test(v) ? [] : [C_IDENT_MSG];
}

function chdirPrefix(v: string): string[] {
  if (v === '.') return ["must not be '.'"];
  if (v === '..') return ["must not be '..'"];
  if (v.startsWith('..')) return ["must not start with '..'"];
  return [];
}

/** IANA_SVC_NAME port name: <= 15 chars, [-a-z0-9], a letter, no '--', no edge hyphen. */
export function isValidPortName(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 15) errs.push(maxLenError(15));
  if (!PORT_NAME_CHARSET_RE.test(v)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!HAS_LETTER_RE.test(v)) errs.push('must contain at least one letter (a-z)');
  if (v.includes('--')) errs.push('must not contain consecutive hyphens');
  if (v.length > 0 && (v.startsWith('-') || v.endsWith('-'))) errs.push('must not begin or end with a hyphen');
  return errs;
}

/** "must be between lo and hi, inclusive". */
export function inclusiveRangeError(lo: number, hi: number): string {
  return `must be between ${lo} and ${hi}, inclusive`;
}

/** Port number 1-65535. */
export function isValidPortNum(p: unknown): string[] {
  return typeof p === 'number' && Number.isInteger(p) && p >= 1 && p <= 65535 ? [] : [inclusiveRangeError(1, 65535)];
}

/** Path segment names (RBAC objects): no '.', '..', '/', '%'. */
export function isValidPathSegmentName(v: string): string[] {
  if (v === '.' || v === '..') return [`may not be '${v}'`];
  const errs: string[] = [];
  if (v.includes('/')) errs.push("may not contain '/'");
  if (v.includes('%')) errs.push("may not contain '%'");
  return errs;
}

/** A name validator; `prefix` true when checking a generateName prefix. */
export type NameValidator = (name: string, prefix: boolean) => string[];

/** generateName may end in '-': upstream masks a trailing dash before checking. */
function mask(name: string, prefix: boolean): string {
  return prefix && name.endsWith('-') ? `${name.slice(0, -1)}a` : name;
}

/** Object names that must be DNS-1123 subdomains (most kinds). */
export const nameIsDNSSubdomain: NameValidator = (n, p) => isDNS1123Subdomain(mask(n, p));
/** Object names that must be DNS-1123 labels (namespaces, ...). */
export const nameIsDNSLabel: NameValidator = (n, p) => isDNS1123Label(mask(n, p));
/** Object names that must be DNS-1035 labels (services). */
export const nameIsDNS1035Label: NameValidator = (n, p) => isDNS1035Label(mask(n, p));
/** Object names that only need to be valid URL path segments (RBAC). */
export const nameIsPathSegment: NameValidator = (n) => isValidPathSegmentName(n);
