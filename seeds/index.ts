import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

import type { RequiredDataFromCollectionSlug, Where } from 'payload'

import { amphitheatreExercises, amphitheatrePrompts } from './content/amphitheatre'
import { guidedFlows } from './content/guidedFlows'
import { landing } from './content/landing'
import { moduleAKnowledgeBlocks, moduleALessons, modules } from './content/modules'
import { questDefinitions } from './content/quests'
import { districts, levels, venues } from './content/world'
import { Economy } from '../globals/Economy'
import { EnvError, SEED_ADMIN_USERNAME, seedAdminPasswordProblem } from '../src/env'
import { projectRoot } from '../src/paths'
import { idOf, upsert, upsertGlobal } from './upsert'
import type { SeedContext } from './upsert'

export type SeedTarget = { key: string; description: string; run: (ctx: SeedContext) => Promise<void> }

const moduleWhere = async (ctx: SeedContext, level: number, code: string): Promise<Where> => {
  const levelId = await idOf(ctx, 'levels', { number: { equals: level } }, 'world')
  return { and: [{ level: { equals: levelId } }, { code: { equals: code } }] }
}

/** Registration order is dependency order: `--all` runs them top to bottom. */
export const seedTargets: SeedTarget[] = [
  {
    key: 'economy',
    description: 'Economy settings (streak multiplier, rewards, caps, shop prices, learner levels).',
    run: async (ctx) => {
      // Write the defaults explicitly so the global has a row operators can see and edit.
      const defaults: Record<string, unknown> = {}
      const collect = (fields: unknown[], target: Record<string, unknown>) => {
        for (const f of fields as { name?: string; type: string; defaultValue?: unknown; fields?: unknown[] }[]) {
          if (f.type === 'group' && f.name) collect(f.fields ?? [], (target[f.name] = {}) as Record<string, unknown>)
          else if (f.name && f.defaultValue !== undefined) target[f.name] = f.defaultValue
          else if (!f.name && f.fields) collect(f.fields, target)
        }
      }
      collect(Economy.fields, defaults)
      await upsertGlobal(ctx, 'economy', defaults)
    },
  },
  {
    key: 'landing',
    description: 'Public landing page: hero, method, pricing, testimonials, FAQ, chat persona.',
    run: (ctx) => upsertGlobal(ctx, 'landing', landing),
  },
  {
    key: 'world',
    description: 'Levels 1–2, Districts 1–2, their venues (one amphitheatre) and task sheets.',
    run: async (ctx) => {
      for (const level of levels) await upsert(ctx, 'levels', { number: { equals: level.number } }, level)
      const districtIds = new Map<number, number | string>()
      for (const d of districts) districtIds.set(d.number, await upsert(ctx, 'districts', { number: { equals: d.number } }, d))
      for (const { taskSheet, district, ...venue } of venues) {
        const venueId = await upsert(ctx, 'venues', { slug: { equals: venue.slug } }, { ...venue, district: districtIds.get(district) })
        await upsert(
          ctx,
          'venue-task-sheets',
          { and: [{ venue: { equals: venueId } }, { order: { equals: 1 } }] },
          { ...taskSheet, venue: venueId, order: 1 },
        )
      }
    },
  },
  {
    key: 'curriculum',
    description: 'Modules A–D of Level 1 and A–B of Level 2, Module A knowledge blocks and lessons, guided flows.',
    run: async (ctx) => {
      for (const { venue, level, ...mod } of modules) {
        const levelId = await idOf(ctx, 'levels', { number: { equals: level } }, 'world')
        const unlocksVenue = venue ? await idOf(ctx, 'venues', { slug: { equals: venue } }, 'world') : null
        await upsert(ctx, 'modules', await moduleWhere(ctx, level, mod.code), { ...mod, level: levelId, unlocksVenue })
      }
      const moduleA = await idOf(ctx, 'modules', await moduleWhere(ctx, 1, 'A'), 'curriculum')
      for (const block of moduleAKnowledgeBlocks) {
        await upsert(ctx, 'knowledge-blocks', { and: [{ module: { equals: moduleA } }, { order: { equals: block.order } }] }, { ...block, module: moduleA })
      }
      for (const lesson of moduleALessons) {
        await upsert(ctx, 'lessons', { and: [{ module: { equals: moduleA } }, { order: { equals: lesson.order } }] }, { ...lesson, module: moduleA })
      }
      for (const { level, module, ...flow } of guidedFlows) {
        const moduleId = await idOf(ctx, 'modules', await moduleWhere(ctx, level, module), 'curriculum')
        await upsert(ctx, 'guided-flows', { module: { equals: moduleId } }, { ...flow, module: moduleId })
      }
    },
  },
  {
    key: 'amphitheatre',
    description: 'The six amphitheatre exercises and their prompt pools for tiers alpha, beta and gamma.',
    run: async (ctx) => {
      const ids = new Map<string, number | string>()
      for (const exercise of amphitheatreExercises) {
        ids.set(exercise.key, await upsert(ctx, 'amphitheatre-exercises', { key: { equals: exercise.key } }, exercise))
      }
      for (const prompt of amphitheatrePrompts) {
        await upsert(ctx, 'amphitheatre-prompts', { key: { equals: prompt.key } }, { ...prompt, exercise: ids.get(prompt.exercise) })
      }
    },
  },
  {
    key: 'quests',
    description: 'Daily quest definitions.',
    run: async (ctx) => {
      for (const quest of questDefinitions) await upsert(ctx, 'quest-definitions', { key: { equals: quest.key } }, quest)
    },
  },
  {
    key: 'admin',
    description: 'A development admin from SEED_ADMIN_EMAIL / SEED_ADMIN_PASSWORD (development only; never a default password).',
    run: async (ctx) => {
      const credentials = devAdminCredentials(ctx)
      if (!credentials) return
      // Seeds also run without loadEnv (tests, other entry points): the same sentence, not the hook's stack.
      const problem = seedAdminPasswordProblem(credentials.password, credentials.email)
      if (problem) throw new EnvError([problem])
      const { payload } = ctx
      const existing = await payload.find({ collection: 'users', where: { email: { equals: credentials.email } }, limit: 1, depth: 0, overrideAccess: true })
      if (existing.docs[0]) {
        ctx.stats.unchanged++
        return
      }
      await payload.create({
        collection: 'users',
        overrideAccess: true,
        data: { email: credentials.email, username: SEED_ADMIN_USERNAME, password: credentials.password, role: 'admin' } as RequiredDataFromCollectionSlug<'users'>,
      })
      ctx.stats.created++
      ctx.log(`  admin ${credentials.email} created`)
    },
  },
]

/**
 * The dev admin comes from SEED_ADMIN_EMAIL and SEED_ADMIN_PASSWORD. In development without
 * them, a random password is generated once, kept in `.data/dev-admin.json` (git-ignored) and
 * printed, so a newcomer can sign in without anyone ever shipping a default password.
 */
function devAdminCredentials(ctx: SeedContext): { email: string; password: string } | undefined {
  const { SEED_ADMIN_EMAIL: email, SEED_ADMIN_PASSWORD: password, NODE_ENV } = process.env
  if (email && password) return { email, password }
  if (NODE_ENV === 'production' || NODE_ENV === 'test') {
    ctx.log('  admin: skipped (set SEED_ADMIN_EMAIL and SEED_ADMIN_PASSWORD, or use npm run admin:create)')
    return undefined
  }
  const file = path.join(process.env.DATA_DIR || path.join(projectRoot, '.data'), 'dev-admin.json')
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as { email: string; password: string }
  const generated = { email: 'admin@speakpro.localhost', password: randomBytes(12).toString('base64url') }
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, JSON.stringify(generated, null, 2), { mode: 0o600 })
  ctx.log(`  admin: generated development sign-in ${generated.email} / ${generated.password} (kept in ${file})`)
  return generated
}

export async function runSeeds(ctx: SeedContext, keys: string[]): Promise<void> {
  for (const key of keys) {
    const target = seedTargets.find((t) => t.key === key)
    if (!target) throw new Error(`Unknown seed target '${key}'. Run with --list to see the targets.`)
    const before = { ...ctx.stats }
    const started = Date.now()
    await target.run(ctx)
    ctx.log(
      `✓ ${key}: ${ctx.stats.created - before.created} created, ${ctx.stats.updated - before.updated} updated, ` +
        `${ctx.stats.unchanged - before.unchanged} unchanged (${Date.now() - started} ms)`,
    )
  }
}
