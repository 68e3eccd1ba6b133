/**
 * POST serviceaccounts/{name}/token: the TokenRequest API
 * (authentication.k8s.io/v1). Issues a signed JWT for the service account,
 * for the audiences asked (default: the API server's own), expiring after
 * expirationSeconds (default 3600, at least 600), optionally bound to a Pod,
 * Secret or Node so that deleting that object revokes the token.
 */
import { K8sError } from '../../../base/errors.ts';
import type { KObject } from '../../../api/types.ts';
import { findResource, type ResourceInfo } from '../../../api/resources.ts';
import { getObject } from '../registry/read.ts';
import { rfc3339 } from '../registry/meta.ts';
import { readBody, decodeObject } from '../http/body.ts';
import { sendJSON } from '../http/respond.ts';
import type { ServiceAccountTokens, KubernetesClaim } from '../authn/serviceaccount-jwt.ts';
import { isDryRun, requestNamespace, type HandlerContext } from './context.ts';

/** Defaults and bounds of spec.expirationSeconds, as upstream. */
const DEFAULT_EXPIRATION = 3600;
const MIN_EXPIRATION = 600;
const MAX_EXPIRATION = 2 ** 32;

interface BoundObjectRef { kind?: string; apiVersion?: string; name?: string; uid?: string }
interface TokenRequestSpec { audiences?: string[]; expirationSeconds?: number; boundObjectRef?: BoundObjectRef | null }

function invalid(name: string, field: string, value: unknown, detail: string): K8sError {
  const message = `Invalid value: ${JSON.stringify(value)}: ${detail}`;
  return new K8sError('Invalid', `TokenRequest.authentication.k8s.io "${name}" is invalid: ${field}: ${message}`, {
    group: 'authentication.k8s.io', kind: 'TokenRequest', name,
    causes: [{ reason: 'FieldValueInvalid', message, field }],
  });
}

/** Validate and default the spec (upstream's ValidateTokenRequest plus defaulting). */
function normalizeSpec(name: string, spec: TokenRequestSpec, defaultAudiences: string[]): Required<Omit<TokenRequestSpec, 'boundObjectRef'>> & { boundObjectRef?: BoundObjectRef } {
  const exp = spec.expirationSeconds ?? DEFAULT_EXPIRATION;
  if (typeof exp !== 'number' || !Number.isInteger(exp)) throw invalid(name, 'spec.expirationSeconds', exp, 'must be an integer');
  if (exp < MIN_EXPIRATION) throw invalid(name, 'spec.expirationSeconds', exp, 'may not specify a duration less than 10 minutes');
  if (exp > MAX_EXPIRATION) throw invalid(name, 'spec.expirationSeconds', exp, 'may not specify a duration larger than 2^32 seconds');
  const audiences = Array.isArray(spec.audiences) && spec.audiences.length > 0 ? spec.audiences.map(String) : defaultAudiences;
  return { audiences, expirationSeconds: exp, boundObjectRef: spec.boundObjectRef ?? undefined };
}

const core = (plural: string): ResourceInfo => findResource('', 'v1', plural) as ResourceInfo;

/** Look the bound object up; its uid must match when the request names one. */
async function boundObject(h: HandlerContext, ns: string, ref: BoundObjectRef): Promise<{ kind: string; obj: KObject }> {
  const kinds: Record<string, { plural: string; namespaced: boolean }> = {
    Pod: { plural: 'pods', namespaced: true }, Secret: { plural: 'secrets', namespaced: true }, Node: { plural: 'nodes', namespaced: false },
  };
  const k = ref.kind ? kinds[ref.kind] : undefined;
  if (!k || (ref.apiVersion !== undefined && ref.apiVersion !== 'v1')) {
    throw new K8sError('BadRequest', `cannot bind token for serviceaccount "${h.info.name}" to object of type ${ref.apiVersion ?? ''}, Kind=${ref.kind ?? ''}`);
  }
  if (!ref.name) throw new K8sError('BadRequest', 'boundObjectRef.name must be set');
  const obj = await getObject(h.reg, core(k.plural), k.namespaced ? ns : '', ref.name);
  if (ref.uid && obj.metadata.uid !== ref.uid) {
    throw new K8sError('Conflict', `the UID in the bound object reference (${ref.uid}) does not match the UID in record. The object might have been deleted and then recreated`);
  }
  return { kind: ref.kind!, obj };
}

/** POST serviceaccounts/{name}/token */
export async function handleServiceAccountToken(h: HandlerContext, tokens: ServiceAccountTokens | undefined): Promise<void> {
  if (!tokens) throw new K8sError('NotFound', 'the server could not find the requested resource');
  const ns = requestNamespace(h);
  const name = h.info.name;
  const body = decodeObject(await readBody(h.req), h.req.headers['content-type']) as { metadata?: { namespace?: string }; spec?: TokenRequestSpec };
  if (body.metadata?.namespace && body.metadata.namespace !== ns) {
    throw new K8sError('BadRequest', 'the namespace of the provided object does not match the namespace sent on the request');
  }
  const spec = normalizeSpec(name, body.spec ?? {}, tokens.audiences);
  const sa = await getObject(h.reg, h.resource, ns, name);
  if (sa.metadata.deletionTimestamp) throw new K8sError('Forbidden', `service account ${ns}/${name} is being deleted`);
  const claim: KubernetesClaim = { namespace: ns, serviceaccount: { name, uid: sa.metadata.uid ?? '' } };
  let boundRef: BoundObjectRef | undefined;
  if (spec.boundObjectRef) {
    const b = await boundObject(h, ns, spec.boundObjectRef);
    const ref = { name: b.obj.metadata.name ?? '', uid: b.obj.metadata.uid ?? '' };
    boundRef = { kind: b.kind, apiVersion: 'v1', name: ref.name, uid: ref.uid };
    if (b.kind === 'Pod') {
      claim.pod = ref;
      // A pod-bound token also names the pod's node, so node authorizers can tell where it runs.
      const nodeName = b.obj.spec?.nodeName as string | undefined;
      if (nodeName) {
        const node = await getObject(h.reg, core('nodes'), '', nodeName).catch(() => undefined);
        if (node) claim.node = { name: nodeName, uid: node.metadata.uid ?? '' };
      }
    } else if (b.kind === 'Secret') claim.secret = ref;
    else claim.node = ref;
  }
  const now = h.reg.clock.now();
  // Dry run validates everything but issues nothing, as upstream.
  const issued = isDryRun(h) ? { token: '', expiresMs: now + spec.expirationSeconds * 1000 } : await tokens.signBound({
    audiences: spec.audiences, expirationSeconds: spec.expirationSeconds, nowMs: now, claim,
  });
  const out = {
    kind: 'TokenRequest',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: { name, namespace: ns, creationTimestamp: null },
    spec: { audiences: spec.audiences, expirationSeconds: spec.expirationSeconds, boundObjectRef: boundRef ?? null },
    status: { token: issued.token, expirationTimestamp: rfc3339(issued.expiresMs) },
  };
  sendJSON(h.res, 201, out);
}
