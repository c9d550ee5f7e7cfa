import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { z } from 'zod'

import { projectRoot } from './paths'
import { passwordProblem } from './services/accounts/passwordPolicy'
import { parseRateLimit } from './services/rateLimit'

const booleanish = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .transform((v) => v === 'true' || v === '1' || v === 'yes')

const rateLimit = z.string().refine(
  (v) => {
    try {
      parseRateLimit(v)
      return true
    } catch {
      return false
    }
  },
  { message: 'use <count>/<window>, e.g. 20/1h or 30/15m (window 1 s to 24 h)' },
)

/**
 * `CORS_ORIGINS`: the browser origins (scheme://host[:port], comma-separated) allowed to call the
 * API with credentials. Parsed here for both the server and payload.config.ts (its `csrf` list).
 */
export function corsOrigins(source: Record<string, string | undefined> = process.env): string[] {
  const raw = source.CORS_ORIGINS?.trim()
  if (!raw) return []
  return raw
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean)
}

/** `DATABASE_REPLICA_URLS`: read replicas' connection strings (comma-separated, empty entries ignored). */
export function replicaUrls(source: Record<string, string | undefined> = process.env): string[] {
  const raw = source.DATABASE_REPLICA_URLS?.trim()
  if (!raw) return []
  return raw
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean)
}

/**
 * `DB_POOL_MAX` connections per process to the primary (default 10), of which `DB_POOL_MIN`
 * (default all of them) stay open when idle; a request waits at most `DB_CONNECT_TIMEOUT_MS`
 * (default 10 s) for one, then gets 503 `database_unavailable` with Retry-After instead of
 * waiting for ever (pg-pool's default), so a pool that cannot serve (every connection stuck, a
 * database that accepts no connections) shows as errors and recovers, not as a hung server.
 * Read here for payload.config.ts, which also loads in CLI runs that skip `loadEnv`; a value
 * `loadEnv` would refuse falls back to the default.
 */
export function poolSettings(source: Record<string, string | undefined> = process.env): { max: number; min: number; connectTimeoutMs: number } {
  const count = (raw: string | undefined, low: number, high = Infinity): number | undefined => {
    const n = raw === undefined || raw.trim() === '' ? NaN : Number(raw)
    return Number.isInteger(n) && n >= low && n <= high ? n : undefined
  }
  const max = count(source.DB_POOL_MAX, 1) ?? 10
  const min = count(source.DB_POOL_MIN, 0)
  const connectTimeoutMs = count(source.DB_CONNECT_TIMEOUT_MS, 100, 600_000) ?? 10_000
  return { max, min: min === undefined || min > max ? max : min, connectTimeoutMs }
}

const isOrigin = (value: string): boolean => {
  try {
    const url = new URL(value)
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value
  } catch {
    return false
  }
}

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  SERVER_URL: z.string().url().optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// connection string')
    .optional(),
  /** Streaming read replicas of DATABASE_URL, comma-separated (src/db/readReplicas.ts says what reads them). */
  DATABASE_REPLICA_URLS: z.string().optional(),
  DATA_DIR: z.string().default(path.join(projectRoot, '.data')),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(1000).default(10),
  /** Connections kept open when idle; by default all DB_POOL_MAX (see poolSettings). */
  DB_POOL_MIN: z.coerce.number().int().min(0).optional(),
  /** How long a request waits for a pool connection before a 503 (see poolSettings). */
  DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  /** Opt-in schema push for a throwaway dev database of its own (never the migrated one). */
  DB_PUSH: booleanish.default('false'),
  PAYLOAD_SECRET: z.string().optional(),
  /** Shared secret for `/api/payload-jobs/run` from a scheduler (`Authorization: Bearer …`). */
  JOBS_SECRET: z.string().min(32, 'JOBS_SECRET must be at least 32 characters').optional(),
  ALLOW_FIRST_REGISTER: booleanish.default('false'),
  /** Seed the demo content when the database has none (default on in development). */
  AUTO_SEED: booleanish.optional(),
  SEED_ADMIN_EMAIL: z.string().email().optional(),
  SEED_ADMIN_PASSWORD: z.string().min(12, 'SEED_ADMIN_PASSWORD must be at least 12 characters').optional(),
  UPLOAD_MAX_BYTES: z.coerce.number().int().positive().default(10 * 1024 * 1024),
  /** Any body that is not a multipart upload; a full events batch (500 × 4 KB) fits in the default. */
  JSON_BODY_MAX_BYTES: z.coerce.number().int().min(1024).default(3 * 1024 * 1024),
  CORS_ORIGINS: z
    .string()
    .refine((v) => corsOrigins({ CORS_ORIGINS: v }).every(isOrigin), 'comma-separated origins such as https://app.example.com (scheme, host, optional port; no path)')
    .optional(),
  RECORDING_MAX_BYTES: z.coerce.number().int().positive().default(10 * 1024 * 1024),
  /** Serve the admin UI (Next) from this process; API-only nodes set it to false. */
  ADMIN_UI: booleanish.default('true'),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(15_000),
  /** How long stored `Idempotency-Key` answers are kept (at least a day, DESIGN §4). */
  IDEMPOTENCY_KEY_RETENTION_HOURS: z.coerce.number().int().min(24, 'must be at least 24 (hours)').default(48),
  /** Per client IP, e.g. `20/1h`: sign-ups and logins (DESIGN §5). */
  RATE_LIMIT_SIGNUP: rateLimit.default('20/1h'),
  RATE_LIMIT_LOGIN: rateLimit.default('30/15m'),
  RATE_LIMIT_FEEDBACK: rateLimit.default('60/1h'),
  RATE_LIMIT_LANDING_CHAT: rateLimit.default('60/1m'),
  RATE_LIMIT_COACH: rateLimit.default('30/10m'),
  RATE_LIMIT_LOGIN_ACCOUNT: rateLimit.default('10/15m'),
  RATE_LIMIT_LEARNER_WRITES: rateLimit.default('120/1m'),
  RATE_LIMIT_UPLOADS: rateLimit.default('30/10m'),
  RATE_LIMIT_AI: rateLimit.default('60/1h'),
  VENUE_FEEDBACK_WEBHOOK: z.string().url().optional(),
  VENUE_FEEDBACK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(8000),
  OPENAI_API_KEY: z.string().optional(),
  OPENAI_BASE_URL: z.string().url().optional(),
  AI_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(8000),
  LESSON_RELAY_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  /** Run scheduled jobs (maintenance queue) inside this process; off in tests. */
  JOBS_AUTORUN: booleanish.optional(),
})

export type Env = z.infer<typeof schema> & { PAYLOAD_SECRET: string }

export class EnvError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'EnvError'
  }
}

/** The username the `admin` seed target gives the development admin (seeds/index.ts). */
export const SEED_ADMIN_USERNAME = 'admin'

/**
 * The seeded admin follows the password policy of every account. Checked when the environment
 * loads, so `npm run dev` stops with the rule and the fix before anything starts, not with a
 * validation error's stack from the middle of the seed.
 */
export function seedAdminPasswordProblem(password: string, email?: string): string | null {
  const problem = passwordProblem(password, { username: SEED_ADMIN_USERNAME, email })
  if (!problem) return null
  const identity = email ? `username "${SEED_ADMIN_USERNAME}", email ${email}` : `username "${SEED_ADMIN_USERNAME}"`
  return (
    `SEED_ADMIN_PASSWORD fails the password policy: ${problem} (the development admin has ${identity}.) ` +
    'Choose a password of at least 12 characters that is not only digits, not a common password and not like the username or email, ' +
    'or unset SEED_ADMIN_EMAIL and SEED_ADMIN_PASSWORD to have one generated.'
  )
}

/** Empty strings in a `.env` file mean "unset", as in most tools. */
function withoutEmpty(source: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(source).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''),
  )
}

/**
 * Validates the environment and fills in what development may generate.
 * In production `PAYLOAD_SECRET` must be given (≥ 32 chars); elsewhere a random secret is
 * generated once and kept in `.data/payload-secret` so sessions survive restarts.
 */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = schema.safeParse(withoutEmpty(source))
  if (!parsed.success) {
    throw new EnvError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`))
  }
  const env = parsed.data
  const problems: string[] = []
  let secret = env.PAYLOAD_SECRET
  if (secret !== undefined && secret.length < 32) {
    problems.push('PAYLOAD_SECRET: must be at least 32 characters')
  }
  if (secret === undefined) {
    if (env.NODE_ENV === 'production') {
      problems.push('PAYLOAD_SECRET: required in production (at least 32 random characters)')
    } else {
      secret = devSecret(env.DATA_DIR)
    }
  }
  if (env.NODE_ENV === 'production' && !env.DATABASE_URL && source.ALLOW_EMBEDDED_DB !== 'true') {
    problems.push('DATABASE_URL: required in production (set ALLOW_EMBEDDED_DB=true to use the embedded database)')
  }
  problems.push(...replicaProblems(env.DATABASE_URL, source))
  const seedPassword = env.SEED_ADMIN_PASSWORD && seedAdminPasswordProblem(env.SEED_ADMIN_PASSWORD, env.SEED_ADMIN_EMAIL)
  if (seedPassword) problems.push(seedPassword)
  if (env.DB_POOL_MIN !== undefined && env.DB_POOL_MIN > env.DB_POOL_MAX) {
    problems.push(`DB_POOL_MIN: must not exceed DB_POOL_MAX (${env.DB_POOL_MAX})`)
  }
  // Cookie sessions from other origins need the server's own origin in the CSRF allow-list too,
  // or the admin (same origin) would lose its cookie as soon as the list is not empty.
  if (env.CORS_ORIGINS && !env.SERVER_URL) {
    problems.push('SERVER_URL: required when CORS_ORIGINS is set (the admin\'s own origin joins the CSRF allow-list)')
  }
  // Per-module relays (LESSON_RELAY_WEBHOOK_A …) and the shared one must be http(s) URLs.
  for (const [name, value] of Object.entries(withoutEmpty(source))) {
    if (/^LESSON_RELAY_WEBHOOK(_[A-Z0-9]+)?$/.test(name) && !/^https?:\/\/[^\s]+$/.test(value)) {
      problems.push(`${name}: must be an http(s) URL`)
    }
  }
  if (problems.length) throw new EnvError(problems)
  return { ...env, PAYLOAD_SECRET: secret as string }
}

/**
 * `DATABASE_REPLICA_URLS` must list physical replicas of the primary: postgres URLs naming the
 * same database as `DATABASE_URL` (a streaming standby holds the whole cluster), none of them
 * the primary itself, none twice. Problems name the entry by position, never by its text: the
 * URLs carry passwords.
 */
function replicaProblems(primary: string | undefined, source: NodeJS.ProcessEnv): string[] {
  const urls = replicaUrls(withoutEmpty(source))
  if (!urls.length) return []
  if (!primary) return ['DATABASE_REPLICA_URLS: needs DATABASE_URL (the primary the replicas follow; not the embedded database)']
  const problems: string[] = []
  const database = (url: string) => {
    try {
      return decodeURIComponent(new URL(url).pathname.replace(/^\//, '')) || undefined
    } catch {
      return undefined
    }
  }
  urls.forEach((url, i) => {
    const entry = `DATABASE_REPLICA_URLS: entry ${i + 1}`
    let parsed: URL | undefined
    try {
      parsed = new URL(url)
    } catch {
      // reported below
    }
    if (!parsed || !/^postgres(ql)?:$/.test(parsed.protocol) || !parsed.hostname) {
      problems.push(`${entry} is not a postgres:// or postgresql:// connection string with a host`)
    } else if (url === primary) {
      problems.push(`${entry} is DATABASE_URL itself`)
    } else if (database(url) !== database(primary)) {
      problems.push(`${entry} names another database than DATABASE_URL (a replica serves the same database)`)
    } else if (urls.indexOf(url) !== i) {
      problems.push(`${entry} repeats entry ${urls.indexOf(url) + 1}`)
    }
  })
  return problems
}

/**
 * For code that reads the config outside the server (the `payload` CLI, `next build`): the
 * configured secret, or in development and tests the generated one. Production gets '' and
 * Payload refuses to start, which is what we want without `PAYLOAD_SECRET`.
 */
export function configuredSecret(): string {
  if (process.env.PAYLOAD_SECRET) return process.env.PAYLOAD_SECRET
  if (process.env.NODE_ENV === 'production') return ''
  return devSecret(process.env.DATA_DIR || path.join(projectRoot, '.data'))
}

function devSecret(dataDir: string): string {
  const file = path.join(dataDir, 'payload-secret')
  try {
    const existing = fs.readFileSync(file, 'utf8').trim()
    if (existing.length >= 32) return existing
  } catch {
    // first start: generate below
  }
  fs.mkdirSync(dataDir, { recursive: true })
  const secret = randomBytes(32).toString('hex')
  fs.writeFileSync(file, secret + '\n', { mode: 0o600 })
  return secret
}

/** Loads `.env` from the project root, if there is one, without overriding the real environment. */
export function loadDotEnv(): void {
  const file = path.join(projectRoot, '.env')
  if (fs.existsSync(file)) process.loadEnvFile(file)
}
