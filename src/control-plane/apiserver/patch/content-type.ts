/**
 * Maps a PATCH request's Content-Type to the patch type it names.
 */

/** The patch types the API server accepts. */
export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

const BY_MEDIA_TYPE: Readonly<Record<string, PatchType>> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
};

/**
 * The patch type of a Content-Type header value, or undefined when it names
 * none (upstream then answers 415). Parameters such as `; charset=utf-8` are
 * ignored, as upstream ignores them; media types compare case-insensitively.
 */
export function patchTypeFromContentType(contentType: string): PatchType | undefined {
  const semi = contentType.indexOf(';');
  const media = (semi >= 0 ? contentType.slice(0, semi) : contentType).trim().toLowerCase();
  return BY_MEDIA_TYPE[media];
}
