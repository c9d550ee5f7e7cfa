import http from 'node:http'
import { Readable } from 'node:stream'

import express from 'express'
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from 'express'

import { nonCanonicalPath } from './canonicalPath'
import { DATABASE_UNAVAILABLE, isDatabaseUnavailable } from './db/unavailable'
import { CLIENT_IP_HEADER } from './endpoints/http'
import { cors, declaredBodyLimit, httpSecurityFromEnv, isUpload, securityHeaders } from './httpSecurity'
import type { HttpSecurity } from './httpSecurity'
import { refusedGraphqlRequest } from './graphqlGuard'
import { bodyTooDeep, isJsonMediaType, jsonNestsDeeper } from './jsonDepth'
import { holdBody } from './requestBody'
import { createRestHandler } from './restApi'
import type { HeaderNames } from './restApi'
import type { Payload, SanitizedConfig } from 'payload'

type NodeHandler = (req: ExpressRequest, res: ExpressResponse) => Promise<void> | void
export type FetchHandler = (request: Request) => Promise<Response>

export type AppOptions = {
  payload: Payload
  config: SanitizedConfig
  /** Next's request handler for `/admin` and pages; absent in API-only processes and tests. */
  next?: NodeHandler
  /** Payload's GraphQL handler (`GRAPHQL_POST(config)` from `@payloadcms/next/routes`). */
  graphql: FetchHandler
  /** Reports whether the process is draining (SIGTERM): readiness then answers 503. */
  isShuttingDown?: () => boolean
  /** CORS allow-list, body limit, production headers; from the environment unless given. */
  security?: HttpSecurity
}

const errorBody = (message: string, code: string) => ({ errors: [{ message, code }] })

/** Bodies up to this size are read into memory before Payload sees them (typical JSON calls). */
const BUFFERED_BODY_BYTES = 64 * 1024

/**
 * Node request → Fetch `Request` (no body parser runs before Payload). A small body with a
 * declared length is read into a buffer first: turning every JSON call into a web stream costs
 * more than the call's own work on the hot paths. Anything else (uploads, chunked bodies)
 * streams, so Payload can refuse an oversized upload without reading it.
 */
export async function toFetchRequest(
  req: ExpressRequest,
  bodyLimit = Number.POSITIVE_INFINITY,
  /** Requests whose buffered body is held beside the Request, not inside it (src/requestBody.ts). */
  holdsBody?: (method: string, pathname: string, headers: HeaderNames) => boolean,
): Promise<Request> {
  // Pairs, not a Headers object: the Request fills its own Headers from them, once.
  const headers: [string, string][] = []
  for (const [name, value] of Object.entries(req.headers)) {
    // Whatever the client sent under this name is replaced below: rate limits key on it.
    if (value === undefined || name === CLIENT_IP_HEADER) continue
    if (Array.isArray(value)) for (const v of value) headers.push([name, v])
    else headers.push([name, value])
  }
  headers.push([CLIENT_IP_HEADER, req.ip ?? req.socket.remoteAddress ?? 'unknown'])
  const host = req.headers.host ?? 'localhost'
  const protocol = req.protocol === 'https' ? 'https' : 'http'
  const url = `${protocol}://${host}${req.originalUrl}`
  // No `signal` on a request whose body is already read (or absent): undici ties a signalled
  // Request to its parent signal through a WeakRef and a FinalizationRegistry, which V8 clears
  // only in a full collection, so every such request outlived the young generation (measured:
  // 200,000 signalled Requests grew the old generation by 255 MB, unsignalled ones by 37 MB).
  // Nothing reads the signal of these requests; a streamed body aborts by itself when the
  // client goes away, and keeps its signal.
  if (req.method === 'GET' || req.method === 'HEAD') {
    return new Request(url, { method: req.method, headers })
  }
  const length = Number(req.headers['content-length'])
  const declared = Number.isSafeInteger(length) && !req.headers['transfer-encoding']
  // Small declared bodies, and any body of unknown length that is not an upload: read into
  // memory, the latter only up to the limit (src/httpSecurity.ts refuses declared ones).
  // JSON is always read whole, so its nesting is bounded before any parser sees it.
  const json = isJsonMediaType(req.headers['content-type'])
  if ((declared && (length <= BUFFERED_BODY_BYTES || json)) || (!declared && !isUpload(req))) {
    const body = await readBody(req, bodyLimit)
    if (json && jsonNestsDeeper(body)) throw bodyTooDeep()
    if (holdsBody?.(req.method, new URL(url).pathname, { has: (name) => req.headers[name] !== undefined })) {
      const request = new Request(url, { method: req.method, headers })
      holdBody(request, body)
      return request
    }
    return new Request(url, { method: req.method, headers, body: body.length ? (body as Uint8Array as BodyInit) : undefined })
  }
  const controller = new AbortController()
  req.on('close', () => {
    if (!req.complete) controller.abort()
  })
  return new Request(url, {
    method: req.method,
    headers,
    body: Readable.toWeb(req) as ReadableStream,
    // Required by Node's fetch for a streamed request body.
    duplex: 'half',
    signal: controller.signal,
  } as RequestInit)
}

function readBody(req: ExpressRequest, limit = Number.POSITIVE_INFINITY): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        req.pause()
        reject(Object.assign(new Error('body too large'), { status: 413, code: 'body_too_large', expose: `The body is larger than ${limit} bytes.` }))
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)))
    req.on('error', reject)
    // A client that goes away mid-body: nothing more will come.
    req.on('close', () => {
      if (!req.complete) reject(Object.assign(new Error('request aborted'), { status: 400 }))
    })
  })
}

/**
 * Fetch `Response` → Node response. Every `Set-Cookie` survives (Headers would fold them).
 * JSON answers (bounded by pagination) are sent in one write; other bodies, such as files,
 * stream.
 */
export async function sendFetchResponse(res: ExpressResponse, response: Response): Promise<void> {
  res.status(response.status)
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') res.setHeader(name, value)
  })
  const cookies = response.headers.getSetCookie()
  if (cookies.length) res.setHeader('set-cookie', cookies)
  if (!response.body) {
    res.end()
    return
  }
  if (response.headers.get('content-type')?.startsWith('application/json')) {
    res.end(Buffer.from(await response.arrayBuffer()))
    return
  }
  await new Promise<void>((resolve, reject) => {
    const body = Readable.fromWeb(response.body as import('node:stream/web').ReadableStream)
    body.on('error', reject)
    res.on('finish', resolve)
    res.on('close', resolve)
    body.pipe(res)
  })
}

export function createApp({ payload, config, next, graphql, isShuttingDown = () => false, security = httpSecurityFromEnv() }: AppOptions): express.Express {
  const app = express()
  app.disable('x-powered-by')
  app.set('trust proxy', process.env.TRUST_PROXY === 'true')

  // Before anything else: every later step may key on the path or on the internal client-IP
  // header, and so may Payload and Next after they have parsed the URL their own way.
  app.use((req, res, nextMiddleware) => {
    const problem = nonCanonicalPath(req.originalUrl)
    if (problem) {
      // Refused before its body was read: the rest of it is still on the socket.
      if (!req.complete) res.setHeader('connection', 'close')
      res.status(400).json(errorBody(problem, 'invalid_path'))
      return
    }
    // The address as Express saw it, for whatever reads the header (Next's routes included);
    // the client's own value of it is never kept.
    req.headers[CLIENT_IP_HEADER] = req.ip ?? req.socket.remoteAddress ?? 'unknown'
    nextMiddleware()
  })

  const rest = createRestHandler(config)
  const headers = securityHeaders(security.production)
  app.use('/api', headers.api, cors(security.corsOrigins), declaredBodyLimit(security.bodyLimitBytes))
  app.use((req, res, nextMiddleware) => (req.path.startsWith('/api/') || req.path === '/api' ? nextMiddleware() : headers.site(req, res, nextMiddleware)))

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' })
  })

  app.get('/readyz', async (_req, res) => {
    if (isShuttingDown()) {
      res.status(503).json({ status: 'draining' })
      return
    }
    try {
      await withTimeout(payload.db.pool.query('SELECT 1'), 2000)
      res.json({ status: 'ready' })
    } catch {
      res.status(503).json({ status: 'unavailable', reason: 'database' })
    }
  })

  // GraphQL: Payload's own fetch handler, called directly (handleEndpoints does not serve it).
  app.post(['/api/graphql', '/api/graphql/'], async (req, res) => {
    const request = await toFetchRequest(req, security.bodyLimitBytes)
    // Fragment cycles and runaway nesting are refused before Payload validates (src/graphqlGuard.ts).
    await sendFetchResponse(res, (await refusedGraphqlRequest(request)) ?? (await graphql(request)))
  })

  // The REST API and custom endpoints, straight into Payload (no Next in the way).
  app.use('/api', async (req, res, nextMiddleware) => {
    if (req.path.startsWith('/graphql-playground')) return nextMiddleware()
    const response = await rest(await toFetchRequest(req, security.bodyLimitBytes, rest.ownEndpoint))
    // Answered before the body was read to the end (e.g. an upload refused at its size limit):
    // the rest of the body is still on the socket, so it must not be reused for another request.
    if (!req.complete) res.setHeader('connection', 'close')
    await sendFetchResponse(res, response)
  })

  if (next) {
    app.use((req, res) => next(req, res))
  } else {
    app.use((_req, res) => {
      res.status(404).json(errorBody('Not found.', 'not_found'))
    })
  }

  // Last resort: never a stack trace to the client.
  app.use((err: unknown, req: ExpressRequest, res: ExpressResponse, _next: NextFunction) => {
    // The database went away under a request that escaped the endpoints' own mapping: retryable.
    if (!res.headersSent && isDatabaseUnavailable(err)) {
      res.status(DATABASE_UNAVAILABLE.status).set(DATABASE_UNAVAILABLE.headers).json(errorBody(DATABASE_UNAVAILABLE.message, DATABASE_UNAVAILABLE.code))
      return
    }
    const status = typeof (err as { status?: unknown })?.status === 'number' ? (err as { status: number }).status : 500
    if (status >= 500) payload.logger.error({ err }, 'unhandled error in the HTTP layer')
    if (res.headersSent) {
      res.destroy()
      return
    }
    const safe = status >= 400 && status < 500
    // Our own refusals (e.g. a body over the limit) carry a message meant for the client.
    const known = err as { code?: unknown; expose?: unknown }
    const [message, code] =
      safe && typeof known.expose === 'string' && typeof known.code === 'string' ? [known.expose, known.code] : safe ? ['Bad request.', 'bad_request'] : ['Something went wrong.', 'internal_error']
    if (safe && !req.complete) res.setHeader('connection', 'close')
    res.status(safe ? status : 500).json(errorBody(message, code))
  })

  return app
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms)
    promise.then(
      (v) => {
        clearTimeout(timer)
        resolve(v)
      },
      (e) => {
        clearTimeout(timer)
        reject(e)
      },
    )
  })
}

/**
 * Options for `http.createServer` that build each request and response with the app's own
 * prototypes from the start, as instances of one class each.
 *
 * Express gives every request and response its prototypes (`app.request`, `app.response`) with
 * `Object.setPrototypeOf` as it enters the app. Re-prototyping a live IncomingMessage or
 * ServerResponse made them and everything they reach (the router's closures, the Fetch request,
 * the query rows) outlive young-generation collections. Building them with `Reflect.construct`
 * and a plain function as `new.target`, as this did before, was little better: V8 gave every
 * such object a map of its own (no two requests shared one).
 * - A bare Express app at 400 requests/s: ~4.5 MB into the old generation per 64 MB young
 *   collection, each taking 20–57 ms. As instances of classes that extend Node's: none, and
 *   under a millisecond each.
 * - This server under `npm run bench` (home): ~7 MB → ~2.5 MB per young collection. Over the
 *   15 fixed-rate phases of five paths, a full collection fell inside 4 before and 0 after.
 *
 * Express's request and response properties are copied onto the class prototypes, which become
 * the app's; Express's own `setPrototypeOf` then finds the prototype in place and changes
 * nothing. Fewer promotions mean fewer full collections, whose concurrent marking takes both
 * cores of a small node for a tenth of a second and the requests of that moment with it.
 */
export function serverOptions(app: express.Express): http.ServerOptions {
  class AppRequest extends http.IncomingMessage {}
  class AppResponse extends http.ServerResponse {}
  adoptProperties(AppRequest.prototype, app.request, http.IncomingMessage.prototype)
  adoptProperties(AppResponse.prototype, app.response, http.ServerResponse.prototype)
  app.request = AppRequest.prototype as unknown as express.Request
  app.response = AppResponse.prototype as unknown as express.Response
  return { IncomingMessage: AppRequest, ServerResponse: AppResponse as typeof http.ServerResponse }
}

/** Defines on `target` every property of `source` and of its prototypes below `base`, the nearest winning. */
function adoptProperties(target: object, source: object, base: object): void {
  const levels: object[] = []
  for (let level: object | null = source; level !== base; level = Object.getPrototypeOf(level) as object | null) {
    if (!level) throw new Error("serverOptions: Express's prototype does not extend Node's class")
    levels.unshift(level)
  }
  for (const level of levels) {
    for (const key of Reflect.ownKeys(level)) {
      // The class keeps its own `constructor`.
      if (key !== 'constructor') Object.defineProperty(target, key, Object.getOwnPropertyDescriptor(level, key) as PropertyDescriptor)
    }
  }
}
