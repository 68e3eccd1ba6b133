/**
 * Accept-header negotiation for discovery: decides between aggregated
 * discovery (v2, v2beta1) and the plain JSON documents, in the client's
 * order of preference.
 */

/** What a discovery request may be answered with. */
export type DiscoveryFormat = 'v2' | 'v2beta1' | 'json';

/** One media range of an Accept header, parameters lower-cased by name. */
interface MediaRange {
  type: string;
  params: Map<string, string>;
}

function parseAccept(accept: string): MediaRange[] {
  return accept.split(',').map((part) => {
    const [type = '', ...rest] = part.split(';');
    const params = new Map<string, string>();
    for (const p of rest) {
      const eq = p.indexOf('=');
      if (eq > 0) params.set(p.slice(0, eq).trim().toLowerCase(), p.slice(eq + 1).trim().replace(/^"|"$/g, ''));
    }
    return { type: type.trim().toLowerCase(), params };
  });
}

/**
 * Picks the answer format. `aggregatable` says whether this path (only
 * `/api` and `/apis`) has an aggregated form. Undefined means nothing the
 * client accepts can be produced (406).
 */
export function negotiateDiscovery(accept: string | undefined, aggregatable: boolean): DiscoveryFormat | undefined {
  if (!accept || !accept.trim()) return 'json';
  for (const m of parseAccept(accept)) {
    const jsonish = m.type === 'application/json' || m.type === 'application/*' || m.type === '*/*';
    if (!jsonish) continue;
    const g = m.params.get('g');
    if (g === undefined) return 'json';
    if (!aggregatable || g !== 'apidiscovery.k8s.io' || m.params.get('as') !== 'APIGroupDiscoveryList') continue;
    const v = m.params.get('v');
    if (v === 'v2' || v === 'v2beta1') return v;
  }
  return undefined;
}
