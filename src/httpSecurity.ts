import type { NextFunction, Request as ExpressRequest, RequestHandler, Response as ExpressResponse } from 'express'
import helmet from 'helmet'

import { corsOrigins } from './env'

export type HttpSecurity = {
  /** Browser origins allowed to call `/api` with credentials (`CORS_ORIGINS`). */
  corsOrigins: string[]
  /** Largest body that is not a multipart upload (`JSON_BODY_MAX_BYTES`). */
  bodyLimitBytes: number
  production: boolean
}

export function httpSecurityFromEnv(source: NodeJS.ProcessEnv = process.env): HttpSecurity {
  return {
    corsOrigins: corsOrigins(source),
    bodyLimitBytes: Number(source.JSON_BODY_MAX_BYTES) || 3 * 1024 * 1024,
    production: source.NODE_ENV === 'production',
  }
}

const errorBody = (message: string, code: string) => ({ errors: [{ message, code }] })

/** Request headers a learner app sends cross-origin. */
const ALLOWED_HEADERS = ['Authorization', 'Content-Type', 'Accept', 'Idempotency-Key', 'X-Requested-With']
/** Response headers a learner app must be able to read cross-origin (rate limits, replays, downloads). */
const EXPOSED_HEADERS = ['Retry-After', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'Idempotent-Replayed', 'Content-Disposition', 'ETag']

/**
 * CORS for `/api`, from an allow-list only: an allowed origin may send credentials (the session
 * cookie or a token) and read the headers above; any other origin gets no CORS headers, and its
 * preflight a 403. The same list is Payload's `csrf` list (payload.config.ts), so a cookie sent
 * from an allowed origin authenticates and one from elsewhere does not.
 */
export function cors(origins: string[]): RequestHandler {
  const allowed = new Set(origins)
  return (req, res, next) => {
    const origin = req.headers.origin
    res.vary('Origin')
    const preflight = req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined
    if (!origin || !allowed.has(origin)) {
      if (preflight) {
        res.status(403).json(errorBody('This origin may not call the API.', 'cors_origin_denied'))
        return
      }
      next()
      return
    }
    res.setHeader('Access-Control-Allow-Origin', origin)
    res.setHeader('Access-Control-Allow-Credentials', 'true')
    res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS.join(', '))
    if (preflight) {
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE, OPTIONS')
      res.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS.join(', '))
      res.setHeader('Access-Control-Max-Age', '600')
      res.status(204).end()
      return
    }
    next()
  }
}

/**
 * Security headers. `/api` answers data, never pages to run, so its policy forbids everything
 * (the API reference at /api/docs sends its own policy). The admin is a Next app with inline
 * bootstrapping scripts and styles, blob: previews of uploads and audio: its policy allows
 * those from its own origin only, and `'unsafe-eval'` only in development (React refresh).
 * Resources stay embeddable cross-origin (`Cross-Origin-Resource-Policy: cross-origin`):
 * learner apps on other origins show media and play recordings from `/api`.
 */
export function securityHeaders(production: boolean): { api: RequestHandler; site: RequestHandler } {
  const common = {
    crossOriginResourcePolicy: { policy: 'cross-origin' as const },
    // Over plain HTTP (development, tests) browsers ignore it; behind TLS it pins HTTPS.
    strictTransportSecurity: production ? { maxAge: 15_552_000, includeSubDomains: true } : false,
  }
  const api = helmet({
    ...common,
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    xFrameOptions: { action: 'deny' },
  })
  const site = helmet({
    ...common,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'unsafe-inline'", ...(production ? [] : ["'unsafe-eval'"])],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        mediaSrc: ["'self'", 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'", ...(production ? [] : ['ws:', 'wss:'])],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'self'"],
      },
    },
    xFrameOptions: { action: 'sameorigin' },
  })
  return { api, site }
}

/**
 * Refuses a non-upload body over the limit before reading it when its length is declared;
 * a chunked one is cut off by `readLimited` in src/app.ts. Multipart uploads have their own
 * limit (Payload's `upload.limits`, `abortOnLimit`).
 */
export function declaredBodyLimit(limit: number): RequestHandler {
  return (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    if (isUpload(req)) return next()
    const length = Number(req.headers['content-length'])
    if (Number.isFinite(length) && length > limit) {
      // The rest of the body is still on the socket: do not reuse the connection.
      res.setHeader('connection', 'close')
      res.status(413).json(errorBody(`The body is larger than ${limit} bytes.`, 'body_too_large'))
      return
    }
    next()
  }
}

export const isUpload = (req: ExpressRequest): boolean => (req.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/')
