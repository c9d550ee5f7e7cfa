// First: `.env` must be in process.env before the config below is evaluated.
import './loadDotEnv'

import http from 'node:http'

import config from '@payload-config'
import { GRAPHQL_POST } from '@payloadcms/next/routes'
import next from 'next'

import { seedTargets, runSeeds } from '../seeds'
import { createApp, serverOptions } from './app'
import { bootPayload } from './boot'
import { EmbeddedDatabaseError } from './db/embedded'
import type { Runtime } from './boot'
import { EnvError, loadEnv } from './env'
import type { Env } from './env'
import { projectRoot } from './paths'

/**
 * One process: Express in front, Payload REST mounted directly on /api, Next for /admin.
 * `npm run dev` → development (embedded PostgreSQL and demo content when DATABASE_URL is unset);
 * `npm start` → production (needs `npm run build` first).
 */
/**
 * Node is started with `--conditions=production` (`npm start`) or `development` (`npm run dev`):
 * without it, loading the config's module graph sometimes never settles on Node 20 (Lexical's
 * top-level `await import()`s race; the process exits with code 13). src/serverBundle.ts says more.
 */
async function main(): Promise<void> {
  let env: Env
  try {
    env = loadEnv()
  } catch (error) {
    console.error(error instanceof EnvError ? error.message : error)
    process.exit(1)
  }
  Object.assign(process.env, { NODE_ENV: env.NODE_ENV })
  const log = (m: string) => console.log(`[speakpro] ${m}`)
  process.env.NEXT_TELEMETRY_DISABLED ??= '1'

  const runtime = await bootPayload(env, { config, log })
  await seedIfEmpty(runtime, env, log)

  const dev = env.NODE_ENV !== 'production'
  // API-only nodes (and the shutdown test) skip Next: no admin UI, GraphQL still served.
  const nextApp = env.ADMIN_UI ? next({ dev, dir: projectRoot, hostname: 'localhost', port: env.PORT }) : undefined
  await nextApp?.prepare()
  const handle = nextApp?.getRequestHandler()

  let shuttingDown = false
  const app = createApp({
    payload: runtime.payload,
    config: runtime.config,
    next: handle ? (req, res) => handle(req, res) : undefined,
    graphql: GRAPHQL_POST(config),
    isShuttingDown: () => shuttingDown,
  })
  const server = http.createServer(serverOptions(app))
  // `server.close()` reports closed once it stops listening, not when the requests still in
  // flight are answered; track them so shutdown can wait for the last one. Registered before the
  // app, so a draining server can still mark an answer the app writes at once (/healthz).
  const inFlight = new Set<http.ServerResponse>()
  let drained: (() => void) | undefined
  server.on('request', (_req: http.IncomingMessage, res: http.ServerResponse) => {
    inFlight.add(res)
    // While draining, every answer closes its connection: a keep-alive client (a load balancer)
    // could otherwise keep sending requests on it after the last one finished, and meet a
    // closed database pool (they were answered 401/500 once the pool had ended).
    if (shuttingDown) res.setHeader('connection', 'close')
    res.once('close', () => {
      inFlight.delete(res)
      if (inFlight.size === 0) drained?.()
    })
  })
  server.on('request', app)
  // Next's dev server pushes hot reloads over a websocket.
  if (dev && nextApp) server.on('upgrade', nextApp.getUpgradeHandler())

  server.listen(env.PORT, env.HOST, () => {
    const url = env.SERVER_URL ?? `http://localhost:${env.PORT}`
    log(`ready: ${nextApp ? `admin ${url}/admin · ` : ''}API ${url}/api · GraphQL ${url}/api/graphql`)
  })

  const shutdown = async (signal: string) => {
    if (shuttingDown) return
    shuttingDown = true
    log(`${signal}: draining connections`)
    let waitingFor = `${inFlight.size} request(s) in flight`
    // SHUTDOWN_TIMEOUT_MS bounds the whole shutdown, not only the drain: a close that never
    // settles (Next's dev server, a pool or database that stopped answering) must not keep the
    // process, and the database it started, alive for ever. Not unref'd: it is what ends the
    // process if everything else is left waiting. The embedded database's exit hook stops it.
    setTimeout(() => {
      log(`shutdown timeout: still waiting for ${waitingFor} after ${env.SHUTDOWN_TIMEOUT_MS} ms; exiting with code 1`)
      server.closeAllConnections()
      process.exit(1)
    }, env.SHUTDOWN_TIMEOUT_MS)
    try {
      // Stop accepting; idle keep-alive sockets close now; requests in flight finish, and their
      // connections close after them.
      server.close()
      server.closeIdleConnections()
      for (const res of inFlight) if (!res.headersSent) res.setHeader('connection', 'close')
      if (inFlight.size > 0) await new Promise<void>((resolve) => (drained = resolve))
      // Whatever socket is still open has no request on it: nothing may start once the pool closes.
      server.closeAllConnections()
      waitingFor = 'the admin (Next) to close'
      await nextApp?.close().catch(() => undefined)
      waitingFor = 'the database pool and the embedded database to close'
      await runtime.close()
    } catch (error) {
      log(`shutdown failed while waiting for ${waitingFor}: ${error instanceof Error ? error.message : String(error)}`)
      process.exit(1)
    }
    log('stopped')
    process.exit(0)
  }
  // SIGHUP too: a closed terminal would otherwise end the process without its exit hooks,
  // leaving the embedded database running.
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, () => void shutdown(signal))
}

/** First start of a development database: load the demo content so there is something to see. */
async function seedIfEmpty(runtime: Runtime, env: Env, log: (m: string) => void): Promise<void> {
  const enabled = env.AUTO_SEED ?? env.NODE_ENV === 'development'
  if (!enabled) return
  const { totalDocs } = await runtime.payload.count({ collection: 'levels', overrideAccess: true })
  if (totalDocs > 0) return
  log('empty database: seeding demo content')
  const stats = { created: 0, updated: 0, unchanged: 0 }
  await runSeeds(
    { payload: runtime.payload, log: (l) => log(l), stats },
    seedTargets.map((t) => t.key),
  )
  const credentials = `${env.DATA_DIR}/dev-admin.json`
  log(`sign in at /admin with SEED_ADMIN_EMAIL/SEED_ADMIN_PASSWORD, or the generated account in ${credentials}`)
}

main().catch((error) => {
  // A setting to fix (the seed's admin password, an unreachable data directory) is one sentence, not a stack.
  console.error(error instanceof EnvError || error instanceof EmbeddedDatabaseError ? error.message : error)
  process.exit(1)
})
