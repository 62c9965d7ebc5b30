/**
 * encodeURIComponent plus `! ' ( ) *`, so only `A–Z a–z 0–9 - _ . ~` stay literal (space → %20, `+` → %2B).
 * Throws URIError on a lone surrogate, like encodeURIComponent.
 */
export function camSafeUrlEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())
}
