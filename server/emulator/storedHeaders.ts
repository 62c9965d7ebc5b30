// The request headers / form fields COS stores with an object and answers back on GET and HEAD.
const STORED = ['cache-control', 'content-disposition', 'content-encoding', 'expires']

/** Picks the stored headers from lower-cased names; returns Content-Type separately. */
export function storedHeaders(values: Record<string, string | string[] | undefined>): { contentType: string; headers: Record<string, string> } {
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(values)) {
    if (typeof value === 'string' && (STORED.indexOf(name) > -1 || name.startsWith('x-cos-meta-'))) headers[name] = value
  }
  const contentType = typeof values['content-type'] === 'string' && values['content-type'] ? values['content-type'] : 'application/octet-stream'
  return { contentType, headers }
}
