import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import pg from 'pg'

import { runSeeds, seedTargets } from '../../seeds'
import type { SeedStats } from '../../seeds/upsert'
import { projectRoot } from '../../src/paths'
import { startTestApp } from '../helpers/testApp'
import type { TestApp } from '../helpers/testApp'

const run = promisify(execFile)
let app: TestApp
let sql: pg.Client
const all = seedTargets.map((t) => t.key)

beforeAll(async () => {
  app = await startTestApp()
  sql = new pg.Client({ connectionString: app.databaseUrl })
  await sql.connect()
})

afterAll(async () => {
  await sql?.end()
  await app?.close()
})

async function seed(keys = all): Promise<SeedStats> {
  const stats = { created: 0, updated: 0, unchanged: 0 }
  await runSeeds({ payload: app.payload, log: () => undefined, stats }, keys)
  return stats
}

/** Row counts of every table, version tables included: a re-run must not add a single row. */
async function tableCounts(): Promise<Record<string, number>> {
  const { rows } = await sql.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name NOT LIKE 'payload_%' ORDER BY 1`,
  )
  const counts: Record<string, number> = {}
  for (const { table_name } of rows) {
    counts[table_name] = Number((await sql.query(`SELECT count(*) FROM "${table_name}"`)).rows[0].count)
  }
  return counts
}

describe('seeds', () => {
  it('are idempotent: a second run creates, updates and versions nothing', async () => {
    const first = await seed()
    expect(first.created).toBeGreaterThan(50)
    const after = await tableCounts()
    expect(after._modules_v).toBe(after.modules)

    const second = await seed()
    expect(second).toEqual({ created: 0, updated: 0, unchanged: expect.any(Number) })
    expect(second.unchanged).toBeGreaterThanOrEqual(first.created)
    expect(await tableCounts()).toEqual(after)
  })

  it('put a content change back, with exactly one new version', async () => {
    const moduleA = (await sql.query(`SELECT m.id FROM modules m JOIN levels l ON l.id = m.level_id WHERE l.number = 1 AND m.code = 'A'`)).rows[0].id
    const original = (await app.payload.findByID({ collection: 'modules', id: moduleA, overrideAccess: true })).name
    await app.payload.update({ collection: 'modules', id: moduleA, data: { name: 'Edited by an author' }, overrideAccess: true })
    const versions = async () => Number((await sql.query('SELECT count(*) FROM _modules_v WHERE parent_id = $1', [moduleA])).rows[0].count)
    const before = await versions()
    const stats = await seed(['curriculum'])
    expect(stats.updated).toBe(1)
    expect(await versions()).toBe(before + 1)
    const doc = await app.payload.findByID({ collection: 'modules', id: moduleA, overrideAccess: true })
    expect(doc).toMatchObject({ name: original, _status: 'published' })
  })

  it('create the demo world and curriculum the learner journey needs', async () => {
    const q = async (text: string, params: unknown[] = []) => (await sql.query(text, params)).rows
    const levelModules = await q(
      `SELECT l.number::int AS number, m.code, v.kind, v.ticket_cost::int AS ticket_cost FROM modules m JOIN levels l ON l.id = m.level_id
       LEFT JOIN venues v ON v.id = m.unlocks_venue_id WHERE m._status = 'published' ORDER BY l.number, m."order"`,
    )
    expect(levelModules.filter((r) => r.number === 1).map((r) => r.code)).toEqual(['A', 'B', 'C', 'D'])
    expect(levelModules.filter((r) => r.number === 2).length).toBeGreaterThanOrEqual(1)
    const [a, b, c] = levelModules
    expect(a).toMatchObject({ kind: 'amphitheatre', ticket_cost: 0 })
    expect(b).toMatchObject({ kind: 'standard' })
    expect(c).toMatchObject({ kind: 'standard' })
    expect(Number(b.ticket_cost)).toBeGreaterThan(0)

    const district1 = await q(
      `SELECT v.kind, (SELECT count(*) FROM venue_task_sheets t WHERE t.venue_id = v.id) AS sheets
       FROM venues v JOIN districts d ON d.id = v.district_id WHERE d.number = 1`,
    )
    expect(district1).toHaveLength(3)
    expect(district1.filter((v) => v.kind === 'amphitheatre')).toHaveLength(1)
    expect(district1.every((v) => Number(v.sheets) >= 1)).toBe(true)
    expect(await q('SELECT 1 FROM districts WHERE number = 2')).toHaveLength(1)

    const moduleA = `(SELECT m.id FROM modules m JOIN levels l ON l.id = m.level_id WHERE l.number = 1 AND m.code = 'A')`
    expect(await q(`SELECT 1 FROM knowledge_blocks WHERE module_id = ${moduleA}`)).toHaveLength(6)
    expect((await q(`SELECT 1 FROM lessons WHERE module_id = ${moduleA}`)).length).toBeGreaterThanOrEqual(6)

    const flows = await q(
      `SELECT l.number::int AS number, m.code, array_agg(s.input_type::text ORDER BY s._order) AS types
       FROM guided_flows g JOIN modules m ON m.id = g.module_id JOIN levels l ON l.id = m.level_id
       JOIN guided_flows_steps s ON s._parent_id = g.id GROUP BY l.number, m.code ORDER BY 1, 2`,
    )
    const flowA = flows.find((f) => f.number === 1 && f.code === 'A')
    expect(flowA.types).toHaveLength(14)
    // Module A fills the stakes map: every field is fed by exactly one step.
    const mapped = await q(
      `SELECT s.stakes_map_field::text AS field FROM guided_flows_steps s JOIN guided_flows g ON g.id = s._parent_id
        WHERE g.module_id = ${moduleA} AND s.stakes_map_field IS NOT NULL ORDER BY 1`,
    )
    expect(mapped.map((r) => r.field)).toEqual(['actionStep', 'control', 'irreversibility', 'lever', 'pressure', 'situation', 'trigger', 'visibility'])
    expect(new Set(flowA.types)).toEqual(new Set(['text', 'textarea', 'select', 'rating', 'confirm', 'continue', 'complete']))
    for (const code of ['B', 'C', 'D']) expect(flows.find((f) => f.number === 1 && f.code === code).types).toHaveLength(5)

    const prompts = await q(
      `SELECT e.key, array_agg(DISTINCT p.tier::text ORDER BY p.tier::text) AS tiers FROM amphitheatre_exercises e
       JOIN amphitheatre_prompts p ON p.exercise_id = e.id GROUP BY e.key`,
    )
    expect(prompts).toHaveLength(6)
    for (const p of prompts) expect(p.tiers).toEqual(['alpha', 'beta', 'gamma'])
    expect((await q('SELECT 1 FROM quest_definitions WHERE active')).length).toBeGreaterThanOrEqual(3)
    const landing = await app.payload.findGlobal({ slug: 'landing', overrideAccess: true })
    expect(landing.pricingPlans?.length).toBeGreaterThan(0)
    expect(landing.pricingPlans?.every((p) => Boolean(p.cta?.url))).toBe(true)
  })

  it('create no account without SEED_ADMIN_EMAIL/SEED_ADMIN_PASSWORD outside development, and one with them', async () => {
    const admins = async () => Number((await sql.query(`SELECT count(*) FROM users WHERE role = 'admin'`)).rows[0].count)
    expect(await admins()).toBe(0)
    Object.assign(process.env, { SEED_ADMIN_EMAIL: 'ops@example.com', SEED_ADMIN_PASSWORD: 'a-long-dev-password' })
    try {
      expect((await seed(['admin'])).created).toBe(1)
      expect((await seed(['admin'])).created).toBe(0)
    } finally {
      delete process.env.SEED_ADMIN_EMAIL
      delete process.env.SEED_ADMIN_PASSWORD
    }
    expect(await admins()).toBe(1)
  })
})

describe('npm run seed', () => {
  const script = path.join(projectRoot, 'src/scripts/seed.ts')
  // As package.json runs it (the conditions flag: see src/serverBundle.ts).
  const node = (args: string[]) => [process.execPath, ['--conditions=production', '--import', 'tsx', ...args]] as const

  it('lists the targets', async () => {
    const { stdout } = await run(...node([script, '--list']), { cwd: projectRoot })
    for (const key of all) expect(stdout).toContain(key)
  })

  it('refuses an unknown target with a non-zero exit and a clear message', async () => {
    const failed = await run(...node([script, 'nonsense']), {
      cwd: projectRoot,
      env: { ...process.env, NODE_ENV: 'test', DATABASE_URL: app.databaseUrl },
    }).catch((e: { code: number; stderr: string }) => e)
    expect('code' in failed && failed.code).toBe(1)
    expect((failed as { stderr: string }).stderr).toContain("Unknown seed target 'nonsense'")
  })
})
