// Which bucket and key a request names: virtual-hosted (`<bucket>.cos.<region>.<any domain>`, also in an
// absolute-form target, as a proxy receives it) or path style (`/<bucket>/<key>`).
import { CosHttpError } from './cosError'

export interface RequestTarget {
  /** host[:port] the request was addressed to. */
  host: string
  bucket?: string
  /** Region named by a virtual-hosted host. */
  region?: string
  key: string
  pathStyle: boolean
  /** The decoded path, as signed: `/<key>` or `/<bucket>/<key>`. */
  pathname: string
  query: Record<string, string>
}

const VIRTUAL_HOST = /^([a-z0-9][a-z0-9-]*-\d+)\.cos\.([a-z0-9-]+)\.[^:]+(?::\d+)?$/i

const invalidUri = () => new CosHttpError(400, 'InvalidURI', 'Could not parse the specified URI.')

// COS decodes a literal '+' in the path as a space, like form encoding.
function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '))
  } catch {
    throw invalidUri()
  }
}

export function parseQuery(search: string): Record<string, string> {
  const query: Record<string, string> = {}
  for (const pair of search.split('&')) {
    if (!pair) continue
    const eq = pair.indexOf('=')
    query[decode(eq < 0 ? pair : pair.slice(0, eq))] = eq < 0 ? '' : decode(pair.slice(eq + 1))
  }
  return query
}

export function resolveTarget(url: string, hostHeader: string | undefined): RequestTarget {
  let host = hostHeader || ''
  let rest = url
  const absolute = /^https?:\/\/([^/?#]+)(.*)$/i.exec(url)
  if (absolute) {
    host = absolute[1]
    rest = absolute[2] || '/'
  }
  if (!rest.startsWith('/')) throw invalidUri()
  const queryAt = rest.indexOf('?')
  const pathname = decode(queryAt < 0 ? rest : rest.slice(0, queryAt))
  const query = parseQuery(queryAt < 0 ? '' : rest.slice(queryAt + 1))
  const virtual = VIRTUAL_HOST.exec(host)
  if (virtual) {
    return { host, bucket: virtual[1].toLowerCase(), region: virtual[2].toLowerCase(), key: pathname.slice(1), pathStyle: false, pathname, query }
  }
  const slash = pathname.indexOf('/', 1)
  const bucket = slash < 0 ? pathname.slice(1) : pathname.slice(1, slash)
  return { host, bucket: bucket || undefined, key: slash < 0 ? '' : pathname.slice(slash + 1), pathStyle: true, pathname, query }
}
