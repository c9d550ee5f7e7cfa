import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import pg from 'pg'

import { runSeeds } from '../../seeds'
import { withTransaction } from '../../src/db/transaction'
import { migrations } from '../../src/migrations'
import { projectRoot } from '../../src/paths'
import {
  BackupError,
  DEBIAN_PG_BIN_DIR,
  appMigrationNames,
  backupDatabase,
  connectionFromUrl,
  findPgTool,
  parseToolVersion,
  readArchive,
  restoreDatabase,
} from '../../src/services/backup'
import type { BackupResult } from '../../src/services/backup'
import { findBalanceMismatches } from '../../src/services/economy/verify'
import { grant, spend } from '../../src/services/economy/ledger'
import { validAnswer } from '../journey/helpers'
import { api, createUser } from '../helpers/http'
import type { TestUser } from '../helpers/http'
import { startTestApp } from '../helpers/testApp'
import type { TestApp } from '../helpers/testApp'

let app: TestApp
let work: string
/** The real tools behind wrappers that record their argv and whether PGPASSWORD was set. */
let wrapperDir: string
const cleanups: (() => Promise<void>)[] = []
let password: string
let learners: TestUser[]

beforeAll(async () => {
  app = await startTestApp()
  password = decodeURIComponent(new URL(app.databaseUrl).password)
  expect(password.length).toBeGreaterThanOrEqual(16)
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'speakpro-backup-'))
  wrapperDir = path.join(work, 'bin')
  fs.mkdirSync(wrapperDir)
  for (const tool of ['pg_dump', 'pg_restore']) {
    const real = findPgTool(tool as 'pg_dump', { PATH: process.env.PATH })
    fs.writeFileSync(
      path.join(wrapperDir, tool),
      `#!/bin/sh\necho "${tool} password:\${PGPASSWORD:+set} args:$*" >> "${work}/calls.log"\nexec "${real}" "$@"\n`,
      { mode: 0o755 },
    )
  }

  // Real content, then learner activity: sign-up over HTTP, lessons, ledger grants and spends.
  await runSeeds({ payload: app.payload, log: () => undefined, stats: { created: 0, updated: 0, unchanged: 0 } }, ['economy', 'landing', 'world', 'curriculum', 'quests'])
  learners = [await createUser(app.payload, app.baseUrl), await createUser(app.payload, app.baseUrl), await createUser(app.payload, app.baseUrl)]
  const signup = await api(app.baseUrl, 'POST', '/api/users/signup', { body: { email: 'restorer@example.com', username: 'restorer', password: 'Harbour-lights-77' } })
  expect(signup.status).toBe(201)
  const [first, second, third] = learners as [TestUser, TestUser, TestUser]
  for (const learner of [first, second]) await finishFirstModule(learner)
  for (const [i, learner] of learners.entries()) {
    await withTransaction(app.payload, async (tx) => {
      await grant(tx, { user: learner.id, currency: 'coins', amount: 40 + i, reason: 'admin_adjustment', key: `backup-test:coins:${i}` })
      await grant(tx, { user: learner.id, currency: 'xp', amount: 15 * (i + 1), reason: 'admin_adjustment', key: `backup-test:xp:${i}` })
    })
  }
  await withTransaction(app.payload, (tx) => spend(tx, { user: third.id, currency: 'coins', amount: 12, reason: 'shop_purchase', key: 'backup-test:spend' }))
}, 60_000)

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined)
  await app?.close()
  if (work) fs.rmSync(work, { recursive: true, force: true })
})

async function finishFirstModule(learner: TestUser): Promise<void> {
  const call = (method: string, p: string, body?: unknown) => api(app.baseUrl, method, p, { token: learner.token, body })
  const home = (await call('GET', '/api/learn/home')).body
  const moduleA = home.districts[0].modules[0]
  const started = await call('POST', '/api/learn/lessons', { moduleId: moduleA.id })
  expect(started.status).toBe(201)
  let step = started.body.step
  for (;;) {
    const r = await call('POST', `/api/learn/lessons/${started.body.sessionId}/answers`, { stepId: step.stepId, value: validAnswer(step) })
    expect(r.status).toBe(200)
    if (r.body.completed) return
    step = r.body.nextStep
  }
}

/** A fresh database with nothing in it (not cloned from the migrated template). */
async function emptyDatabase(): Promise<string> {
  const adminUrl = process.env.TEST_ADMIN_DATABASE_URL as string
  const name = `speakpro_restore_${randomBytes(5).toString('hex')}`
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${name}`)
  await admin.end()
  cleanups.push(async () => {
    const dropper = new pg.Client({ connectionString: adminUrl })
    await dropper.connect()
    await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    await dropper.end()
  })
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return url.toString()
}

async function query<Row extends Record<string, unknown> = Record<string, unknown>>(url: string, text: string, params: unknown[] = []): Promise<Row[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query<Row>(text, params)).rows
  } finally {
    await client.end()
  }
}

/**
 * Everything a restore must reproduce: per table its row count and a digest of its rows;
 * balances and ledger sums per learner; every sequence's position; and the schema objects
 * (relations by kind, constraints, triggers, functions) that pg_restore creates after the data.
 */
async function snapshot(url: string) {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const tables: Record<string, { rows: number; digest: string }> = {}
    const names = (await client.query<{ t: string }>(`SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`)).rows
    for (const { t } of names) {
      const id = client.escapeIdentifier(t)
      const [row] = (await client.query(`SELECT count(*)::int AS rows, md5(coalesce(string_agg(x::text, E'\\n' ORDER BY x::text), '')) AS digest FROM public.${id} x`)).rows
      tables[t] = row
    }
    const q = async (text: string) => (await client.query(text)).rows
    return {
      tables,
      balances: await q(`SELECT id, xp::int, coins::int, tickets::int, streak_freezes::int, learner_level::int FROM users ORDER BY id`),
      ledger: await q(`SELECT user_id, currency::text, count(*)::int AS rows, sum(delta)::int AS total FROM reward_ledger GROUP BY 1, 2 ORDER BY 1, 2`),
      sequences: await q(`SELECT sequencename, last_value::text FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1`),
      schema: await q(
        `SELECT 'rel:' || c.relkind::text AS kind, count(*)::int AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' GROUP BY 1
         UNION ALL SELECT 'constraint:' || contype::text, count(*)::int FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = 'public' GROUP BY 1
         UNION ALL SELECT 'trigger', count(*)::int FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND NOT t.tgisinternal
         UNION ALL SELECT 'function', count(*)::int FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'
         ORDER BY 1`,
      ),
    }
  } finally {
    await client.end()
  }
}

type ScriptRun = { code: number; stdout: string; stderr: string }

/** `npm run <script>` as an operator would type it, with DATABASE_URL in the environment. */
function npmRun(script: string, args: string[], databaseUrl: string): Promise<ScriptRun> {
  return new Promise((resolve) => {
    execFile(
      'npm',
      ['run', '--silent', script, '--', ...args],
      { cwd: projectRoot, env: { ...process.env, DATABASE_URL: databaseUrl, NODE_OPTIONS: '--no-deprecation' }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? ((error as { code: number }).code) : -1) : 0
        resolve({ code, stdout, stderr })
      },
    )
  })
}

let sourceSnapshot: Awaited<ReturnType<typeof snapshot>>
let scriptDump: string
let restoredUrl: string

describe('backup and restore', () => {
  it('backs up through `npm run db:backup` and restores into an empty database identically', async () => {
    sourceSnapshot = await snapshot(app.databaseUrl)
    expect(sourceSnapshot.tables.users?.rows).toBe(4)
    expect(sourceSnapshot.tables.modules?.rows).toBeGreaterThan(0)
    expect(sourceSnapshot.tables.user_progress?.rows).toBeGreaterThan(0)
    expect(sourceSnapshot.ledger.length).toBeGreaterThanOrEqual(6)

    scriptDump = path.join(work, 'script.dump')
    const run = await npmRun('db:backup', ['--out', scriptDump], app.databaseUrl)
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const bytes = fs.statSync(scriptDump).size
    expect(run.stdout).toContain(`wrote ${scriptDump}: `)
    expect(run.stdout).toContain(`(${bytes} bytes, `)
    expect(run.stdout).toMatch(/ in \d+\.\d s\n/)
    expect(run.stdout).toMatch(/with pg_dump 15\.\d+ \(/)
    expect(run.stdout + run.stderr).not.toContain(password)
    // Password hashes and learners' data: readable by the owner only.
    expect(fs.statSync(scriptDump).mode & 0o777).toBe(0o600)
    expect(fs.readdirSync(work).filter((f) => f.includes('.partial-'))).toEqual([])

    restoredUrl = await emptyDatabase()
    const logs: string[] = []
    const result = await restoreDatabase({ databaseUrl: restoredUrl, file: scriptDump, env: { ...process.env, PG_BIN_DIR: wrapperDir }, log: (m) => logs.push(m) })
    expect(result.replaced).toEqual([])
    expect(result.sanity).toMatchObject({ problems: [], warnings: [], missing: [], unknown: [], balanceMismatches: 0 })
    expect(result.sanity.applied?.sort()).toEqual(migrations.map((m) => m.name).sort())
    expect(result.sanity.counts).toMatchObject({ users: 4, reward_ledger: sourceSnapshot.tables.reward_ledger?.rows })

    // Every table, balance, ledger sum, sequence and schema object as it was.
    const restored = await snapshot(restoredUrl)
    expect(Object.keys(restored.tables)).toEqual(Object.keys(sourceSnapshot.tables))
    expect(restored).toEqual(sourceSnapshot)
    const pool = new pg.Pool({ connectionString: restoredUrl, max: 1 })
    try {
      expect(await findBalanceMismatches(pool)).toEqual([])
    } finally {
      await pool.end()
    }

    // New rows take the next ids, and the ledger is still append-only (its trigger came back).
    const maxUser = Math.max(...sourceSnapshot.balances.map((b) => Number(b.id)))
    const [fresh] = await query<{ id: number }>(restoredUrl, `INSERT INTO users (email, username, hash, salt, created_at, updated_at) VALUES ('new@example.com', 'newcomer', 'h', 's', now(), now()) RETURNING id`)
    expect(fresh?.id).toBe(maxUser + 1)
    await expect(query(restoredUrl, `UPDATE reward_ledger SET delta = delta + 1`)).rejects.toThrow(/append-only/)

    // The tools got the password through the environment only.
    const calls = fs.readFileSync(path.join(work, 'calls.log'), 'utf8')
    expect(calls).toMatch(/^pg_restore password:set args:--clean --if-exists --no-owner --no-privileges --single-transaction --no-password --dbname=dbname='speakpro_restore_[0-9a-f]+' /m)
    expect(calls).not.toContain(password)
    expect(logs.join('\n')).not.toContain(password)
  })

  it('restore refuses a database that holds data (exit 2) and replaces it with --force', async () => {
    const before = await snapshot(restoredUrl)
    const refused = await npmRun('db:restore', [scriptDump], restoredUrl)
    expect(refused.code).toBe(2)
    expect(refused.stderr).toMatch(/refusing to restore: .* already holds data \(rows in users, reward_ledger, user_progress, lesson_sessions, levels, … \d+ tables\)/)
    expect(refused.stderr).toContain('--force')
    expect(await snapshot(restoredUrl)).toEqual(before)

    const forced = await npmRun('db:restore', [scriptDump, '--force'], restoredUrl)
    expect(forced.stderr).toBe('')
    expect(forced.code).toBe(0)
    expect(forced.stdout).toMatch(/restored \d+ archive entries into .* in \d+\.\d s/)
    expect(forced.stdout).toContain(`migrations: ${migrations.length} recorded; ${migrations.length} of this app's ${migrations.length} present`)
    expect(forced.stdout).toContain('balances: every balance and weekly XP total equals the sum of its ledger rows')
    expect(forced.stdout).toMatch(/rows: users 4, reward_ledger \d+/)
    for (const out of [refused, forced]) expect(out.stdout + out.stderr).not.toContain(password)
    // The row inserted by the previous test is gone: the database is the backup again.
    expect(await snapshot(restoredUrl)).toEqual(sourceSnapshot)

  })

  it('a missing, foreign or damaged file fails clearly and leaves the target as it was', async () => {
    const target = await emptyDatabase()
    const restore = (file: string, databaseUrl = target) => restoreDatabase({ databaseUrl, file, force: true })

    await expect(restore(path.join(work, 'nope.dump'))).rejects.toMatchObject({ exitCode: 2, message: `backup file not found: ${path.join(work, 'nope.dump')}` })
    const garbage = path.join(work, 'garbage.dump')
    fs.writeFileSync(garbage, randomBytes(4096))
    await expect(restore(garbage)).rejects.toThrow(/garbage\.dump is not a readable pg_dump custom-format archive .*: pg_restore failed \(exit code 1\):\npg_restore: error: /s)
    const plainSql = path.join(work, 'plain.sql')
    fs.writeFileSync(plainSql, 'CREATE TABLE users (id int);\n')
    await expect(restore(plainSql)).rejects.toThrow(/is not a readable pg_dump custom-format archive/)
    expect(await query(target, `SELECT tablename FROM pg_tables WHERE schemaname = 'public'`)).toEqual([])

    // Cut short at the end: the table of contents reads fine, the last table's data does not.
    // The drops and creates before it happened in the same transaction and are rolled back.
    const truncated = path.join(work, 'truncated.dump')
    const whole = fs.readFileSync(scriptDump)
    fs.writeFileSync(truncated, whole.subarray(0, whole.length - 64))
    const before = await snapshot(restoredUrl)
    await expect(restore(truncated, restoredUrl)).rejects.toThrow(/^restore failed; nothing was changed \(it runs as a single transaction\): pg_restore failed \(exit code 1\):\npg_restore: error: /)
    expect(await snapshot(restoredUrl)).toEqual(before)
    await expect(restore(truncated)).rejects.toThrow(/^restore failed; nothing was changed/)
    expect(await query(target, `SELECT tablename FROM pg_tables WHERE schemaname = 'public'`)).toEqual([])
  })

  it('backs up with the service through PG_BIN_DIR, refuses to overwrite, and checks the tool version', async () => {
    const out = path.join(work, 'nested', 'service.dump')
    const logs: string[] = []
    const result: BackupResult = await backupDatabase({ databaseUrl: app.databaseUrl, out, env: { ...process.env, PG_BIN_DIR: wrapperDir }, log: (m) => logs.push(m) })
    expect(result).toMatchObject({ file: out, bytes: fs.statSync(out).size, server: { version: expect.stringMatching(/^15\./) }, tool: { binary: path.join(wrapperDir, 'pg_dump') } })
    // Same database, unchanged since the script's backup: the same objects.
    expect(result.entries).toBeGreaterThan(1000)
    expect(result.entries).toBe((await readArchive(scriptDump)).entries)
    const calls = fs.readFileSync(path.join(work, 'calls.log'), 'utf8')
    expect(calls).toMatch(/^pg_dump password:set args:--format=custom --compress=6 --no-password --lock-wait-timeout=60s --file=.*service\.dump\.partial-\d+$/m)
    expect(calls + logs.join('\n')).not.toContain(password)

    await expect(backupDatabase({ databaseUrl: app.databaseUrl, out })).rejects.toMatchObject({ exitCode: 2, message: `${out} already exists; a backup never overwrites a file` })

    // An older pg_dump than the server: refused before anything is written.
    const oldBin = path.join(work, 'old-bin')
    fs.mkdirSync(oldBin)
    fs.writeFileSync(path.join(oldBin, 'pg_dump'), '#!/bin/sh\necho "pg_dump (PostgreSQL) 14.11"\n', { mode: 0o755 })
    const old = path.join(work, 'old.dump')
    await expect(backupDatabase({ databaseUrl: app.databaseUrl, out: old, env: { PG_BIN_DIR: oldBin } })).rejects.toThrow(
      /^pg_dump 14\.11 \(.*old-bin\/pg_dump\) is older than the server \(PostgreSQL 15\.\d+\): install postgresql-client-15 and set PG_BIN_DIR/,
    )
    expect(fs.existsSync(old)).toBe(false)
    await expect(backupDatabase({ databaseUrl: app.databaseUrl, out: old, env: { PG_BIN_DIR: work } })).rejects.toThrow(`pg_dump not found in PG_BIN_DIR (${work})`)

  })

  it('never shows the password, not even when it is wrong', async () => {
    const url = new URL(app.databaseUrl)
    url.password = 'Wrong-Secret-4711-xyz'
    const run = await npmRun('db:backup', ['--out', path.join(work, 'wrong.dump')], url.toString())
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/cannot connect to the database: password authentication failed for user/)
    expect(run.stdout + run.stderr).not.toContain('Wrong-Secret-4711-xyz')
    expect(fs.existsSync(path.join(work, 'wrong.dump'))).toBe(false)
  })
})

describe('backup helpers', () => {
  it('split a URL into libpq variables', () => {
    // Made-up credentials, put together at run time so no connection string with a password is committed.
    const withPassword = (user: string, password: string, rest: string) => `postgresql://${user}:${password}@${rest}`
    expect(connectionFromUrl(withPassword('app%40ops', 'p%40ss%3Aw%2Frd', 'db.internal:6543/speak%20pro?sslmode=verify-full&application_name=x&pool=3'))).toEqual({
      env: { PGHOST: 'db.internal', PGPORT: '6543', PGUSER: 'app@ops', PGPASSWORD: 'p@ss:w/rd', PGDATABASE: 'speak pro', PGSSLMODE: 'verify-full', PGAPPNAME: 'x', PGCONNECT_TIMEOUT: '15' },
      database: 'speak pro',
      label: 'app@ops@db.internal:6543/speak pro',
      ignored: ['pool'],
    })
    expect(connectionFromUrl('postgres://u@[::1]/d?ssl=true').env).toMatchObject({ PGHOST: '::1', PGSSLMODE: 'require' })
    expect(connectionFromUrl(withPassword('u', 'x', 'h/d?sslmode=no-verify')).env.PGSSLMODE).toBe('require')
    expect(() => connectionFromUrl('mysql://u@h/d')).toThrow(BackupError)
  })

  it('read tool versions and find the tools', () => {
    expect(parseToolVersion('pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)\n')).toEqual({ major: 15, text: '15.18' })
    expect(parseToolVersion('pg_restore (PostgreSQL) 16beta2')).toEqual({ major: 16, text: '16beta2' })
    expect(findPgTool('pg_dump', {})).toBe(path.join(DEBIAN_PG_BIN_DIR, 'pg_dump'))
  })

  it('know the migrations without importing them', () => {
    expect(appMigrationNames()).toEqual(migrations.map((m) => m.name))
  })
})
