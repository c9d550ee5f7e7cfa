import { createHash } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'

import type { PayloadRequest } from 'payload'
import { parse } from 'yaml'

import { projectRoot } from '../paths'
import { endpoint, errorResponse } from './http'

/** The API reference, kept as YAML in git (humans edit it; `npm run docs:client` reads it). */
export const OPENAPI_FILE = path.join(projectRoot, 'docs/openapi.yaml')
const SWAGGER_UI_DIR = path.join(projectRoot, 'node_modules/swagger-ui-dist')

type Asset = { body: Uint8Array; type: string; etag: string }

const sha = (data: string | Uint8Array) => createHash('sha256').update(data).digest('base64url').slice(0, 27)

let spec: Promise<{ json: string; etag: string }> | undefined

/**
 * The YAML parsed once per process and kept as its JSON text: the file only changes with a
 * deploy. A failed read is not cached, so the next request tries again.
 */
function loadSpec(): Promise<{ json: string; etag: string }> {
  spec ??= fs.readFile(OPENAPI_FILE, 'utf8').then(
    (text) => {
      const json = JSON.stringify(parse(text))
      return { json, etag: `"${sha(json)}"` }
    },
    (error: unknown) => {
      spec = undefined
      throw error
    },
  )
  return spec
}

/** The only files of swagger-ui-dist the page needs; nothing else in node_modules is reachable. */
const swaggerFiles: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
  'favicon-16x16.png': 'image/png',
}
/** Our own start-up script (no inline script, so a strict Content-Security-Policy can stay on). */
const INIT_SCRIPT = 'docs.js'

const assets = new Map<string, Promise<Asset>>()

function loadAsset(req: PayloadRequest, file: string): Promise<Asset> | undefined {
  const api = req.payload.config.routes.api
  const key = `${api}:${file}`
  let asset = assets.get(key)
  if (asset) return asset
  if (file === INIT_SCRIPT) {
    const body = new TextEncoder().encode(initScript(api))
    asset = Promise.resolve({ body, type: 'text/javascript; charset=utf-8', etag: `"${sha(body)}"` })
  } else if (Object.hasOwn(swaggerFiles, file)) {
    asset = fs.readFile(path.join(SWAGGER_UI_DIR, file)).then((data) => {
      const body = new Uint8Array(data)
      return { body, type: swaggerFiles[file] as string, etag: `"${sha(body)}"` }
    })
    // A failed read (e.g. a broken install) is retried by the next request, not remembered.
    asset.catch(() => assets.delete(key))
  } else {
    return undefined
  }
  assets.set(key, asset)
  return asset
}

const initScript = (api: string) => `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: ${JSON.stringify(`${api}/openapi.json`)},
    dom_id: '#swagger-ui',
    deepLinking: true,
    persistAuthorization: true,
    // The default posts the spec to validator.swagger.io: no third-party calls from this page.
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
  })
})
`

const notModified = (req: PayloadRequest, etag: string) => req.headers.get('if-none-match') === etag

/** GET /api/openapi.json — the reference as JSON, for tools and the docs page. Public. */
export const openApiJson = endpoint('get', '/openapi.json', async (req) => {
  const { json, etag } = await loadSpec()
  const headers = { etag, 'cache-control': 'no-cache' }
  if (notModified(req, etag)) return new Response(null, { status: 304, headers })
  return new Response(json, { headers: { ...headers, 'content-type': 'application/json; charset=utf-8' } })
})

/** GET /api/docs — Swagger UI over /api/openapi.json, every file served by this server (no CDN). Public. */
export const docsPage = endpoint('get', '/docs', async (req) => {
  const assetsPath = `${req.payload.config.routes.api}/docs/assets`
  const html = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>SpeakPro API</title>
    <link rel="stylesheet" href="${assetsPath}/swagger-ui.css">
    <link rel="icon" type="image/png" href="${assetsPath}/favicon-32x32.png" sizes="32x32">
    <link rel="icon" type="image/png" href="${assetsPath}/favicon-16x16.png" sizes="16x16">
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="${assetsPath}/swagger-ui-bundle.js"></script>
    <script src="${assetsPath}/${INIT_SCRIPT}"></script>
  </body>
</html>
`
  return new Response(html, {
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-cache',
      // Swagger UI sets inline styles and shows data: images; scripts come only from here.
      'content-security-policy': "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
      'x-content-type-options': 'nosniff',
    },
  })
})

/** GET /api/docs/assets/:file — the page's whitelisted static files, cacheable for a day. Public. */
export const docsAsset = endpoint('get', '/docs/assets/:file', async (req) => {
  const file = typeof req.routeParams?.file === 'string' ? req.routeParams.file : ''
  const pending = loadAsset(req, file)
  if (!pending) return errorResponse(404, 'not_found', 'No such file.')
  const asset = await pending
  const headers = { etag: asset.etag, 'cache-control': 'public, max-age=86400', 'x-content-type-options': 'nosniff' }
  if (notModified(req, asset.etag)) return new Response(null, { status: 304, headers })
  return new Response(asset.body as BodyInit, { headers: { ...headers, 'content-type': asset.type } })
})

export const apiDocsEndpoints = [openApiJson, docsPage, docsAsset]
