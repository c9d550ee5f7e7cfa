import type { PayloadHandler, PayloadRequest, SanitizedConfig } from 'payload'
import { z } from 'zod'

import { findRootRoute, rootRoutes } from '../restApi'
import { UUID } from '../services/journey/lessons'
import { CLIENT_TIME_HEADER } from './idempotency'
import { endpoint, parseBody, requireLearner } from './http'

/** Most actions one sync applies (an app sends a longer queue in several). */
export const MAX_SYNC_ACTIONS = 100

const actionSchema = z
  .object({
    // The action's own id, made when it was queued: its Idempotency-Key.
    id: z.string().regex(UUID, 'Invalid uuid'),
    method: z.enum(['POST', 'PUT', 'PATCH', 'DELETE']),
    path: z
      .string()
      .max(300)
      .regex(/^\/api\/learn(\/[A-Za-z0-9_-]+)+\/?$/, 'A path under /api/learn/ without a query string or empty segments'),
    body: z.unknown().optional(),
    // When the learner acted; trusted inside the Client-Time window.
    occurredAt: z.string().datetime({ offset: true }).optional(),
  })
  .strict()

// Text PostgreSQL cannot store is refused by each action's own endpoint, for that action alone.
const syncBody = z.object({ actions: z.array(actionSchema).min(1).max(MAX_SYNC_ACTIONS) }).strict()

type Action = z.infer<typeof actionSchema>

/**
 * Endpoints a queue may not carry, by the route a path reaches (so `/learn/account/` is the
 * account too): the sync itself (no queue inside a queue), and closing the account (never
 * replayed blind).
 */
const notQueueable = (method: string, routePath: string) => routePath === '/learn/sync' || (method === 'DELETE' && routePath === '/learn/account')

/** The learner write endpoint and path parameters for `METHOD /learn/...`, found as the REST layer finds them. */
function route(config: SanitizedConfig, method: string, path: string): { handler: PayloadHandler; params: Record<string, string> } | undefined {
  const found = findRootRoute(rootRoutes(config), method.toLowerCase(), path)
  if (!found || !found.route.path.startsWith('/learn/') || notQueueable(method, found.route.path)) return undefined
  return { handler: found.route.handler, params: found.params }
}

/**
 * The action as a request of its own: the caller's identity and connection, the action's
 * method, path and body, its id as `Idempotency-Key` and its time as `Client-Time`. The
 * endpoint then handles it exactly as if it had been sent alone (validation, ownership,
 * replay, rate limit).
 */
function actionRequest(req: PayloadRequest, action: Action, path: string, params: Record<string, string>): PayloadRequest {
  const url = new URL(req.url ?? 'http://localhost')
  url.pathname = action.path
  url.search = ''
  const headers = new Headers(req.headers)
  headers.set('idempotency-key', action.id)
  headers.set('content-type', 'application/json')
  headers.delete('content-length')
  if (action.occurredAt) headers.set(CLIENT_TIME_HEADER, action.occurredAt)
  else headers.delete(CLIENT_TIME_HEADER)
  const own = (value: unknown) => ({ value, writable: true, enumerable: true, configurable: true })
  return Object.create(req, {
    method: own(action.method),
    url: own(url.toString()),
    pathname: own(`${req.payload.config.routes.api}${path}`),
    routeParams: own(params),
    headers: own(headers),
    searchParams: own(url.searchParams),
    query: own({}),
    // The body is already parsed: endpoints read `data` and never the stream.
    data: own(action.body),
    body: own(null),
  }) as PayloadRequest
}

/**
 * POST /api/learn/sync {actions:[{id, method, path, body?, occurredAt?}]} — an offline queue,
 * applied in order, each action as its own request (its own transaction), every result
 * reported; a failed action does not stop the rest. Sending a queue again, in full or in parts,
 * in parallel or not, replays what was applied and changes nothing.
 */
export const syncEndpoint = endpoint('post', '/learn/sync', async (req) => {
  requireLearner(req)
  const { actions } = await parseBody(req, syncBody, { allowUnstorableText: true })
  const api = req.payload.config.routes.api
  const results: { id: string; status: number; replayed: boolean; clientTimeTrusted?: boolean; clientTimeApplied?: string; body: unknown }[] = []
  for (const action of actions) {
    const path = action.path.slice(api.length)
    const match = route(req.payload.config, action.method, path)
    if (!match) {
      results.push({ id: action.id, status: 404, replayed: false, body: { errors: [{ message: `${action.method} ${action.path} cannot be queued.`, code: 'unknown_action' }] } })
      continue
    }
    const response = await match.handler(actionRequest(req, action, path, match.params))
    const text = await response.text()
    let body: unknown = null
    try {
      body = text ? JSON.parse(text) : null
    } catch {
      body = text
    }
    const trusted = response.headers.get('client-time-trusted')
    const applied = response.headers.get('client-time-applied')
    results.push({
      id: action.id,
      status: response.status,
      replayed: response.headers.get('idempotent-replayed') === 'true',
      ...(trusted === null ? {} : { clientTimeTrusted: trusted === 'true' }),
      ...(applied === null ? {} : { clientTimeApplied: applied }),
      body,
    })
  }
  const ok = results.filter((r) => r.status < 400)
  return Response.json({
    results,
    applied: ok.filter((r) => !r.replayed).length,
    replayed: ok.filter((r) => r.replayed).length,
    failed: results.length - ok.length,
  })
})
