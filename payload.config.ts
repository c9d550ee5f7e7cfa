import path from 'node:path'
import { fileURLToPath } from 'node:url'

import { postgresAdapter } from '@payloadcms/db-postgres'
import { lexicalEditor } from '@payloadcms/richtext-lexical'
import { buildConfig } from 'payload'
import sharp from 'sharp'

import { collections, contentSlugs } from './collections'
import { Economy } from './globals/Economy'
import { Landing } from './globals/Landing'
import { canRunJobs } from './src/access/canRunJobs'
import { economyEndpoints } from './src/endpoints/economy'
import { journeyEndpoints } from './src/endpoints/journey'
import { lessonEndpoints } from './src/endpoints/lessons'
import { ingestEndpoint } from './src/endpoints/events'
import { exerciseEndpoint } from './src/endpoints/exercises'
import { adminAnalyticsEndpoints } from './src/endpoints/adminAnalytics'
import { learnersCsvEndpoint } from './src/endpoints/adminLearners'
import { apiDocsEndpoints } from './src/endpoints/apiDocs'
import { amphitheatreEndpoints } from './src/endpoints/amphitheatre'
import { coachMessage } from './src/endpoints/coach'
import { landingChat } from './src/endpoints/landingChat'
import { milestoneEndpoints } from './src/endpoints/milestones'
import { onboarding } from './src/endpoints/onboarding'
import { reviewEndpoints } from './src/endpoints/review'
import { stakesMapEndpoints } from './src/endpoints/stakesMaps'
import { syncEndpoint } from './src/endpoints/sync'
import { venueEndpoints } from './src/endpoints/venues'
import { schemaConstraints } from './src/db/constraints'
import { withReadReplicaRouting } from './src/db/readReplicas'
import { isAdmin } from './src/access/isAdmin'
import { withSessionGuard } from './src/auth/sessionGuard'
import { withoutLedgerOwnedWrites } from './src/db/serverOwnedColumns'
import { sessionOptions } from './src/db/sessionOptions'
import { configuredSecret, corsOrigins, poolSettings, replicaUrls } from './src/env'
import { databaseErrors } from './src/hooks/databaseErrors'
import { loginRefusals } from './src/hooks/loginRefusals'
import { guardQueriedFields } from './src/hooks/queryableFields'
import { contentHealth } from './src/jobs/contentHealth'
import { lockJobStats } from './src/jobs/lockJobStats'
import { pruneIdempotencyKeysTask, pruneRateLimitCountersTask } from './src/jobs/maintenance'
import { rollupAnalytics } from './src/jobs/rollupAnalytics'
import { scoreMilestone } from './src/jobs/scoreMilestone'
import { transcribeAmphitheatre } from './src/jobs/transcribeAmphitheatre'
import { limitEveryQuery } from './src/queryLimits'
import { queryRefusals } from './src/queryRefusal'
import { lockSystemCollections } from './src/systemCollections'

const dirname = path.dirname(fileURLToPath(import.meta.url))

const isTest = process.env.NODE_ENV === 'test'

const autoRunJobs = (): boolean => {
  const flag = process.env.JOBS_AUTORUN
  if (flag !== undefined && flag !== '') return ['true', '1', 'yes'].includes(flag)
  return !isTest
}

export default buildConfig({
  serverURL: process.env.SERVER_URL ?? '',
  // Cookie sessions only from these origins (Payload adds serverURL itself). Empty — no
  // CORS_ORIGINS — keeps Payload's default of accepting the cookie with SameSite=Lax as the guard.
  csrf: corsOrigins(),
  admin: {
    user: 'users',
    // Payload's default avatar is Gravatar: it sends a hash of each staff email to a third party
    // (and our admin's content policy refuses outside images). The built-in icon sends nothing.
    avatar: 'default',
    meta: { titleSuffix: ' · SpeakPro' },
    importMap: { baseDir: dirname },
    components: {
      // The operator console (spec §2.7): rollup charts for admins on the dashboard and at /admin/analytics.
      beforeDashboard: ['/src/admin/analytics/DashboardAnalytics#DashboardAnalytics'],
      afterNavLinks: ['/src/admin/analytics/AnalyticsNavLink#AnalyticsNavLink'],
      views: {
        analytics: { Component: '/src/admin/analytics/AnalyticsView#AnalyticsView', path: '/analytics' },
      },
    },
  },
  collections,
  globals: [Economy, Landing],
  endpoints: [onboarding, ...journeyEndpoints, ...lessonEndpoints, ...stakesMapEndpoints, ...venueEndpoints, exerciseEndpoint, ...reviewEndpoints, ...milestoneEndpoints, landingChat, coachMessage, ...amphitheatreEndpoints, ingestEndpoint, ...adminAnalyticsEndpoints, learnersCsvEndpoint, ...economyEndpoints, syncEndpoint, ...apiDocsEndpoints],
  editor: lexicalEditor(),
  secret: configuredSecret(),
  typescript: {
    outputFile: path.resolve(dirname, 'payload-types.ts'),
    // Generating types on every boot slows tests and hangs Jest; `npm run generate:types` does it.
    autoGenerate: false,
  },
  graphQL: {
    schemaOutputFile: path.resolve(dirname, 'docs/schema.graphql'),
    maxComplexity: 1000,
  },
  // Reads of content by anonymous callers and learners may go to read replicas; everything a
  // learner writes, auth, staff and all raw SQL stay on the primary (src/db/readReplicas.ts).
  // Payload's whole-document writes of a user cannot undo a password change (src/auth/sessionGuard.ts)
  // nor write back balances it read before a grant (src/db/serverOwnedColumns.ts).
  db: withSessionGuard(withoutLedgerOwnedWrites(withReadReplicaRouting(
    postgresAdapter({
      pool: {
        // Read when Payload connects, not when this file loads: entry points import the config
        // first and may start the embedded database (which sets DATABASE_URL) afterwards.
        get connectionString() {
          return process.env.DATABASE_URL ?? ''
        },
        max: poolSettings().max,
        // Connections stay open once made (pg-pool closes idle ones above `min` after 10 s by
        // default, and a steady half load keeps reopening them). A connection made under load
        // costs a TCP handshake, SCRAM, a backend fork and cold catalog caches: in
        // `npm run bench`'s PostgreSQL log the first statement on a new connection took 25–50 ms.
        min: poolSettings().min,
        // A bounded wait for a connection: 503 database_unavailable, never a hang (src/env.ts).
        connectionTimeoutMillis: poolSettings().connectTimeoutMs,
        // Named prepared statements run their generic plan (src/db/sessionOptions.ts).
        options: sessionOptions,
      },
      // DATABASE_REPLICA_URLS, read when Payload initialises (for the same reason as above).
      get readReplicas() {
        const urls = replicaUrls()
        return urls.length ? urls : undefined
      },
      // The adapter's per-process "primary for 2 s after a write" window is replaced by routing
      // on what is read and who asks, which holds across nodes and whatever the lag.
      readReplicasAfterWriteInterval: 0,
      // The schema comes from committed migrations everywhere; `push` only on an opt-in dev database.
      push: process.env.DB_PUSH === 'true' && !isTest,
      migrationDir: path.resolve(dirname, 'src/migrations'),
      afterSchemaInit: [schemaConstraints],
    }),
    { collections: [...contentSlugs, 'media'], globals: ['economy', 'landing'] },
  ))),
  upload: {
    limits: { fileSize: Number(process.env.UPLOAD_MAX_BYTES) || 10 * 1024 * 1024 },
    // Without this an oversized upload is truncated and stored; with it the request gets a 413.
    abortOnLimit: true,
  },
  jobs: {
    access: { run: canRunJobs },
    // Keep finished jobs: their output (e.g. the content health report) is what operators read.
    deleteJobOnComplete: false,
    // Admins may read the queue in the admin panel; everyone else still cannot touch it.
    jobsCollectionOverrides: ({ defaultJobsCollection }) => ({
      ...defaultJobsCollection,
      access: { ...defaultJobsCollection.access, read: isAdmin },
      admin: { ...defaultJobsCollection.admin, hidden: ({ user }) => user?.role !== 'admin', group: 'System' },
    }),
    tasks: [contentHealth, pruneIdempotencyKeysTask, pruneRateLimitCountersTask, scoreMilestone, transcribeAmphitheatre, rollupAnalytics],
    // Scheduled maintenance runs in the app process once a minute checks the `maintenance` queue
    // (Payload claims each job once, so several nodes can do this). Off under test and with
    // JOBS_AUTORUN=false, e.g. when an external scheduler calls /api/payload-jobs/run.
    autoRun: () =>
      autoRunJobs()
        ? [
            { cron: '0 * * * * *', queue: 'maintenance', limit: 10 },
            // Milestone scoring and amphitheatre transcriptions: learners poll for them, so every few seconds.
            { cron: '*/5 * * * * *', queue: 'scoring', limit: 10 },
          ]
        : [],
  },
  hooks: { afterError: [databaseErrors, loginRefusals, queryRefusals] },
  sharp,
  telemetry: false,
  // LOG_LEVEL=error keeps test output to what matters (the suites set it); unset, Payload's pretty logger.
  logger: process.env.LOG_LEVEL ? { options: { level: process.env.LOG_LEVEL } } : undefined,
})
  .then(lockJobStats)
  // Payload's own collections (locks, preferences, migrations): staff or admins only (src/systemCollections.ts).
  .then(lockSystemCollections)
  // Filters and sorts only on fields the caller may read, on every collection (src/hooks/queryableFields.ts).
  .then(guardQueriedFields)
  // One max page size, valid pages, depth within maxDepth for every REST and GraphQL query (src/queryLimits.ts).
  .then(limitEveryQuery)
