import { match } from 'path-to-regexp'
import type { MatchFunction } from 'path-to-regexp'
import { APIError, createPayloadRequest, handleEndpoints, headersWithCors, mergeHeaders } from 'payload'
import type { PayloadHandler, PayloadRequest, SanitizedConfig } from 'payload'

import { refusalCode } from './endpoints/http'

const errorBody = (message: string, code: string) => ({ errors: [{ message, code }] })

export type RestHandler = ((request: Request) => Promise<Response>) & {
  /**
   * Whether a request of this method to this path (below the host), with these headers, is
   * answered by one of the config's own endpoints rather than by Payload's routes. False for a
   * path whose percent-encoding is broken (the handler answers those 400 itself).
   */
  ownEndpoint: (method: string, pathname: string, headers: HeaderNames) => boolean
}

/** Enough of a headers object to ask whether a header was sent (Fetch `Headers`, or a Node adapter). */
export type HeaderNames = { has: (name: string) => boolean }

export type RootRoute = { method: string; path: string; match: MatchFunction<Record<string, string>>; handler: PayloadHandler }

const compiled = new WeakMap<SanitizedConfig, RootRoute[]>()

/** The config's root endpoints with their patterns compiled, once per config. */
export function rootRoutes(config: SanitizedConfig): RootRoute[] {
  let routes = compiled.get(config)
  if (!routes) {
    routes = (config.endpoints || []).map((e) => ({
      method: e.method,
      path: e.path,
      match: match<Record<string, string>>(e.path, { decode: decodeURIComponent }),
      handler: e.handler,
    }))
    compiled.set(config, routes)
  }
  return routes
}

/** The first root endpoint for `method` (lower case) whose pattern matches `path` (below the API route), as Payload orders them. */
export function findRootRoute(routes: RootRoute[], method: string, path: string): { route: RootRoute; params: Record<string, string> } | undefined {
  for (const route of routes) {
    if (route.method !== method) continue
    const found = route.match(path)
    if (found) return { route, params: found.params }
  }
  return undefined
}

/**
 * Payload's REST handler (`handleEndpoints`) with three of its answers brought into line with the
 * rest of the API (DESIGN §5: one error shape, never a 500 for bad input):
 * - a path with broken percent-encoding (`/api/learn/districts/%E0%A4%A`) made Payload's route
 *   matching throw a URIError (a 500); it is a 400 `invalid_path`;
 * - a POST with `X-HTTP-Method-Override: GET` has its JSON body parsed before Payload's own error
 *   handling, so broken JSON there threw out of the handler (a 500); it is a 400 `invalid_json`,
 *   and so is broken JSON in a `where=` or `data=` query parameter (also a 500);
 * - a path no endpoint matches was answered `{ message: 'Route not found "<path>"' }`, outside
 *   the error envelope (a collection without REST endpoints, `payload-migrations`, a 501
 *   `Cannot GET <the full URL>`); it is a 404 `not_found` like every other.
 *
 * The config's own endpoints (`/api/learn/*`, the admin analytics, the docs) are found in a
 * table compiled once: `handleEndpoints` compiles the pattern of every endpoint it tries on every
 * request (path-to-regexp's `match`, up to ~40 of them before a purchase is reached) and wraps the
 * answer's body in a second stream, which together cost the learner hot paths more than their
 * own code did. The table holds the same patterns, in the same order, matched the same way, and
 * the answer gets the same headers (`req.responseHeaders`, CORS); everything else (collections,
 * globals, method overrides, 404s, OPTIONS) still goes through `handleEndpoints`.
 */
export function createRestHandler(config: SanitizedConfig): RestHandler {
  const api = stripTrailingSlash(config.routes.api)
  const collectionSlugs = new Set<string>(config.collections.map((c) => c.slug))
  const routes = rootRoutes(config)
  const configPromise = Promise.resolve(config)

  /** The root endpoint Payload would pick for this request, if the request is one it would route there. */
  const rootRoute = (method: string, pathname: string, headers: HeaderNames): { route: RootRoute; params: Record<string, string> } | undefined => {
    if (headers.has('x-http-method-override') || headers.has('x-payload-http-method-override')) return undefined
    const path = stripTrailingSlash(pathname)
    if (!path.startsWith(`${api}/`)) return undefined
    const adjusted = path.slice(api.length)
    const first = adjusted.split('/')[1] ?? ''
    // Collections and globals have endpoints of their own, which Payload looks up instead.
    if (first === 'globals' || collectionSlugs.has(first)) return undefined
    return findRootRoute(routes, method.toLowerCase(), adjusted)
  }

  const handler = async (request: Request): Promise<Response> => {
    let pathname: string
    try {
      pathname = new URL(request.url).pathname
      decodeURIComponent(pathname)
    } catch {
      return Response.json(errorBody('The path is not valid percent-encoding.', 'invalid_path'), { status: 400 })
    }
    const root = rootRoute(request.method, pathname, request.headers)
    if (root) return runRootEndpoint(configPromise, request, root.route, root.params)
    const broken = brokenJsonParameter(request.url)
    if (broken) return Response.json(errorBody(`The ${broken} parameter is not valid JSON.`, 'invalid_json'), { status: 400 })
    let response: Response
    try {
      response = await handleEndpoints({ config: configPromise, request })
    } catch (error) {
      // By name: the error may come from another realm (undici's JSON.parse), where instanceof fails.
      if ((error as Error | null)?.name === 'SyntaxError') return Response.json(errorBody('The body is not valid JSON.', 'invalid_json'), { status: 400 })
      throw error
    }
    if ((response.status === 404 || response.status === 501) && response.headers.get('content-type')?.startsWith('application/json')) {
      const body = (await response
        .clone()
        .json()
        .catch(() => null)) as { message?: unknown; errors?: unknown } | null
      if (body && typeof body.message === 'string' && body.errors === undefined) {
        // Keep Payload's headers (CORS); the body and its length change.
        const headers = new Headers(response.headers)
        headers.delete('content-length')
        return Response.json(errorBody('Not found.', 'not_found'), { status: 404, headers })
      }
    }
    return response
  }
  const ownEndpoint = (method: string, pathname: string, headers: HeaderNames): boolean => {
    try {
      return rootRoute(method, pathname, headers) !== undefined
    } catch {
      return false
    }
  }
  return Object.assign(handler, { ownEndpoint })
}

/**
 * What `handleEndpoints` does once it has found a root endpoint: the Payload request (auth
 * strategies included), the route's parameters, the handler, and the answer with the headers
 * hooks set on `req.responseHeaders` and Payload's CORS headers. The handler's own `Response` is
 * kept (its headers are completed in place) instead of being copied into a new one around its
 * body stream. Our handlers turn every error into an answer (`handle` in src/endpoints/http.ts);
 * anything thrown here reaches the HTTP layer's last-resort handler (a logged 500, or 503 when
 * the database is unreachable).
 */
async function runRootEndpoint(config: Promise<SanitizedConfig>, request: Request, route: RootRoute, params: Record<string, string>): Promise<Response> {
  let req: PayloadRequest
  let response: Response
  try {
    req = await createPayloadRequest({ canSetHeaders: true, config, request })
    req.routeParams = params
    response = await route.handler(req)
  } catch (error) {
    // A refusal Payload raised (an auth strategy's, say) keeps its status, as routeError gives it.
    if (error instanceof APIError && error.status < 500) return Response.json(errorBody(error.message, refusalCode(error)), { status: error.status })
    throw error
  }
  const headers = headersWithCors({ headers: mergeHeaders(req.responseHeaders ?? new Headers(), response.headers), req })
  try {
    // `headers` holds every header of the answer already (mergeHeaders copies them first).
    headers.forEach((value, name) => response.headers.set(name, value))
    // `set` folds repeated cookies into one line; keep each.
    const cookies = headers.getSetCookie()
    if (cookies.length) {
      response.headers.delete('set-cookie')
      for (const cookie of cookies) response.headers.append('set-cookie', cookie)
    }
    return response
  } catch {
    // Immutable headers (a fetched or redirect answer): a new answer around the same body.
    return new Response(response.body, { headers, status: response.status, statusText: response.statusText })
  }
}

/**
 * Payload reads `where=<JSON>` and `data=<JSON>` with a bare JSON.parse inside its handlers, so
 * broken JSON there was a SyntaxError answered as a 500. The name of such a parameter, if any.
 */
function brokenJsonParameter(url: string): string | undefined {
  const query = url.indexOf('?')
  if (query === -1) return undefined
  const params = new URLSearchParams(url.slice(query + 1))
  for (const name of ['where', 'data']) {
    const values = params.getAll(name)
    // Only a lone string is parsed (qs makes repeated or bracketed names an array or object).
    if (values.length !== 1 || !values[0] || [...params.keys()].some((k) => k.startsWith(`${name}[`))) continue
    try {
      JSON.parse(values[0])
    } catch {
      return name
    }
  }
  return undefined
}

const stripTrailingSlash = (path: string): string => (path.endsWith('/') ? path.slice(0, -1) : path)
