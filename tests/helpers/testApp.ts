import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'

import config from '@payload-config'
import pg from 'pg'
import type { Payload } from 'payload'

import { createApp, serverOptions } from '../../src/app'
import type { FetchHandler } from '../../src/app'
import { bootPayload } from '../../src/boot'
import { loadEnv } from '../../src/env'
import { TEMPLATE_DB } from './globalSetup'

export type TestApp = {
  payload: Payload
  baseUrl: string
  /** Connection string of this file's own database (for raw SQL assertions). */
  databaseUrl: string
  mediaDir: string
  close: () => Promise<void>
}


/**
 * A real app for one test file: its own PostgreSQL database cloned from the migrated template,
 * Payload booted the way the server boots it, and the Express app listening on a free port.
 * Next is not started (seconds instead of tens of seconds); GraphQL and REST go through Express.
 */
export async function startTestApp(): Promise<TestApp> {
  const { url: databaseUrl, drop } = await createTestDatabase()

  // Set by tests/helpers/setupEnv.ts before the config was imported.
  const mediaDir = process.env.MEDIA_DIR as string
  const env = loadEnv({ ...process.env, NODE_ENV: 'test', DATABASE_URL: databaseUrl })
  process.env.DATABASE_URL = databaseUrl
  const runtime = await bootPayload(env, { config })
  const app = createApp({ payload: runtime.payload, config: runtime.config, graphql: lazyGraphql })
  const server = await new Promise<http.Server>((resolve) => {
    // As src/server.ts makes it.
    const s = http.createServer(serverOptions(app), app).listen(0, '127.0.0.1', () => resolve(s))
  })
  const { port } = server.address() as { port: number }

  return {
    payload: runtime.payload,
    baseUrl: `http://127.0.0.1:${port}`,
    databaseUrl,
    mediaDir,
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await runtime.close()
      await drop()
      fs.rmSync(mediaDir, { recursive: true, force: true })
    },
  }
}

/** A fresh database with the committed schema, cloned from the template the global setup migrated. */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const adminUrl = process.env.TEST_ADMIN_DATABASE_URL
  if (!adminUrl) throw new Error('TEST_ADMIN_DATABASE_URL is not set: run the tests with `npm test`')
  const dbName = `speakpro_test_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${dbName} TEMPLATE ${TEMPLATE_DB}`)
  await admin.end()
  const url = new URL(adminUrl)
  url.pathname = `/${dbName}`
  return {
    url: url.toString(),
    drop: async () => {
      const dropper = new pg.Client({ connectionString: adminUrl })
      await dropper.connect()
      await dropper.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`)
      await dropper.end()
    },
  }
}

/**
 * `@payloadcms/next/routes` takes seconds to import; most test files never call GraphQL, so
 * it is loaded on first use here (the server imports it statically).
 */
const lazyGraphql: FetchHandler = async (request) => {
  const { GRAPHQL_POST } = await import('@payloadcms/next/routes')
  return GRAPHQL_POST(config)(request)
}
