/**
 * Why a request path is not canonical, or null when it is. Express and our middleware see the
 * raw path while WHATWG URL parsing (Payload, Next) resolves `..`, `%2e%2e` and friends, so
 * `/api/graphql-playground/../users/login` passed every check keyed on `/api/…` and then reached
 * the login. Such paths are refused before anything else runs instead of being normalised:
 * no client needs them, and a refusal cannot disagree with a later parser.
 */
export function nonCanonicalPath(url: string): string | null {
  const end = url.search(/[?#]/)
  const path = end === -1 ? url : url.slice(0, end)
  if (!path.startsWith('/')) return 'The path must start with /.'
  // Backslashes are slashes to WHATWG URL; an encoded slash or NUL is a path within a segment.
  if (/\\|%5c|%2f|%00/i.test(path)) return 'The path may not contain backslashes, encoded slashes or NUL.'
  const segments = path.split('/').slice(1)
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!
    // The last segment may be empty: a trailing slash.
    if (segment === '' && i < segments.length - 1) return 'The path may not contain empty segments (//).'
    const dots = segment.replace(/%2e/gi, '.')
    if (dots === '.' || dots === '..') return 'The path may not contain . or .. segments, plain or percent-encoded.'
  }
  // Routing under /api is case-sensitive after Express (whose mount points are not): one spelling.
  if (segments[0] !== 'api' && segments[0]?.toLowerCase() === 'api') return 'The API lives under /api (lower case).'
  return null
}
