import { Readable } from 'node:stream'

import express from 'express'
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from 'express'
import { handleEndpoints } from 'payload'
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
}

const errorBody = (message: string, code: string) => ({ errors: [{ message, code }] })

/** Node request → Fetch `Request`, streaming the body (no body parser runs before Payload). */
export function toFetchRequest(req: ExpressRequest): Request {
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue
    if (Array.isArray(value)) for (const v of value) headers.append(name, v)
    else headers.set(name, value)
  }
  const host = req.headers.host ?? 'localhost'
  const protocol = req.protocol === 'https' ? 'https' : 'http'
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD'
  const controller = new AbortController()
  req.on('close', () => {
    if (!req.complete) controller.abort()
  })
  return new Request(`${protocol}://${host}${req.originalUrl}`, {
    method: req.method,
    headers,
    body: hasBody ? (Readable.toWeb(req) as ReadableStream) : undefined,
    // Required by Node's fetch for a streamed request body.
    duplex: hasBody ? 'half' : undefined,
    signal: controller.signal,
  } as RequestInit)
}

/** Fetch `Response` → Node response. Every `Set-Cookie` survives (Headers would fold them). */
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
  await new Promise<void>((resolve, reject) => {
    const body = Readable.fromWeb(response.body as import('node:stream/web').ReadableStream)
    body.on('error', reject)
    res.on('finish', resolve)
    res.on('close', resolve)
    body.pipe(res)
  })
}

export function createApp({ payload, config, next, graphql, isShuttingDown = () => false }: AppOptions): express.Express {
  const app = express()
  app.disable('x-powered-by')
  app.set('trust proxy', process.env.TRUST_PROXY === 'true')

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
    await sendFetchResponse(res, await graphql(toFetchRequest(req)))
  })

  // The REST API and custom endpoints, straight into Payload (no Next in the way).
  app.use('/api', async (req, res, nextMiddleware) => {
    if (req.path.startsWith('/graphql-playground')) return nextMiddleware()
    const response = await handleEndpoints({ config: Promise.resolve(config), request: toFetchRequest(req) })
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
  app.use((err: unknown, _req: ExpressRequest, res: ExpressResponse, _next: NextFunction) => {
    const status = typeof (err as { status?: unknown })?.status === 'number' ? (err as { status: number }).status : 500
    if (status >= 500) payload.logger.error({ err }, 'unhandled error in the HTTP layer')
    if (res.headersSent) {
      res.destroy()
      return
    }
    const safe = status >= 400 && status < 500
    res
      .status(safe ? status : 500)
      .json(errorBody(safe ? 'Bad request.' : 'Something went wrong.', safe ? 'bad_request' : 'internal_error'))
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
