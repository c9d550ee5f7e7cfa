import { randomUUID } from 'node:crypto'

import type pg from 'pg'
import type { Payload } from 'payload'

import { autocommit, withTransaction } from '../src/db/transaction'
import { buy } from '../src/services/economy/shop'
import { weeklyLeaderboard } from '../src/services/economy/leaderboard'
import { uuidv7 } from '../src/ids'
import { ingestEvents } from '../src/services/ingest'
import { answerStep, startLesson } from '../src/services/journey/lessons'
import { normalizeAnswer } from '../src/services/journey/steps'
import { cachedWorld, invalidateWorld } from '../src/services/journey/world'
import type { Step } from '../src/services/journey/steps'
import { submitExercise } from '../src/services/world/exercises'
import { forgetKnowledgeBlocks } from '../src/services/world/knowledgeBlocks'
import { score } from '../src/services/world/scoring'
import type { Exercise } from '../src/services/world/scoring'
import { forgetTaskSheets } from '../src/services/world/taskSheets'
import { enterVenue } from '../src/services/world/venues'
import { PREPARED, rawServiceTransaction, recordStatements, RecordedFinds, repeatLanes, unitLanes, withoutTransactionControl } from './harness'
import type { Call, LaneSource, Learner, Learners, RawOp } from './harness'
import { expectedPurchaseSql, rawPurchase } from './rawPurchase'

export type PathContext = { payload: Payload; pool: pg.Pool; learners: Learners; connections: number; batch: number; eventIds: EventIds }

/** How the bench's clients make event ids (`--event-ids`). */
export type EventIds = 'random' | 'v7'

export function eventIdsOption(value: string): EventIds {
  if (value !== 'random' && value !== 'v7') throw new Error('--event-ids takes random or v7')
  return value
}

/**
 * One hot path: what a request does, how its state is prepared so every measured request does
 * its real work, and its baseline (raw SQL on a pg.Pool, or another HTTP path).
 */
export type BenchPath = {
  key: string
  label: string
  /** What one measured request does, for results.md. */
  does: string
  baselineLabel: string
  /** Throughput target: HTTP rate ≥ `ratio` × baseline rate. */
  ratio: number
  /** Fixed data and the check that the raw baseline sends the service's statements; returns a line for results.md. */
  setup: (ctx: PathContext) => Promise<string>
  /** Lanes for about `requests` HTTP requests (state made now, so nothing runs out mid-run). */
  http: (ctx: PathContext, requests: number) => Promise<LaneSource<Call>>
  raw?: (ctx: PathContext, requests: number) => Promise<LaneSource<RawOp>>
  baselineHttp?: (ctx: PathContext) => Promise<LaneSource<Call>>
}

const json = (value: unknown) => JSON.stringify(value)

/** Lanes that repeat one call per learner, lane i using learner i (mod their number). */
const perLearner = async (ctx: PathContext, learners: Learner[], call: (learner: Learner, token: string) => () => Call): Promise<LaneSource<Call>> => {
  const tokens = await Promise.all(learners.map((l) => ctx.learners.token(l)))
  return repeatLanes((lane) => call(learners[lane % learners.length] as Learner, tokens[lane % tokens.length] as string))
}

/**
 * A freshly loaded world in this process's cache, so no (re)load of it, which runs outside the
 * transaction, lands among the statements recorded next (the copy lives 15 s).
 */
async function freshWorld(payload: Payload): Promise<void> {
  invalidateWorld()
  await cachedWorld(autocommit(payload))
}

/** The statements the service sent and those the raw replay sent, compared; throws when they differ. */
function sameStatements(path: string, service: string[], raw: string[]): string {
  const a = withoutTransactionControl(service)
  const b = withoutTransactionControl(raw)
  const differs = a.length !== b.length || a.some((s, i) => s !== b[i])
  if (differs) {
    throw new Error(`${path}: the raw baseline no longer sends the service's statements.\nservice:\n  ${a.join('\n  ')}\nraw:\n  ${b.join('\n  ')}`)
  }
  return `${path}: the raw baseline sends the same ${a.length} statements as the service (checked on one request sequence)`
}

// ---------------------------------------------------------------------------------------------

function homePath(): BenchPath {
  let learners: Learner[] = []
  return {
    key: 'home',
    label: 'GET /api/learn/home',
    does: "the dashboard: districts, modules with status, venues, today's quests, milestone card, HUD; records one home_view event",
    baselineLabel: 'GET /api/modules?depth=2 (Payload REST)',
    ratio: 2,
    setup: async (ctx) => {
      learners = await ctx.learners.create(ctx.connections, 'home')
      const { rows: modules } = await ctx.pool.query<{ id: number }>(
        `SELECT m.id FROM modules m JOIN levels l ON l.id = m.level_id WHERE m._status = 'published' ORDER BY l.number, m."order" LIMIT 3`,
      )
      // Some progress, so statuses vary: learner i has i % 3 modules complete and the next one started.
      for (const [i, l] of learners.entries()) {
        const done = i % 3
        for (const [j, m] of modules.slice(0, done + 1).entries()) {
          await ctx.pool.query(
            `INSERT INTO user_progress (user_id, module_id, started, started_at, completed, completed_at, last_activity_at, created_at, updated_at)
             VALUES ($1, $2, true, now(), $3, CASE WHEN $3 THEN now() END, now(), now(), now())`,
            [l.id, m.id, j < done],
          )
        }
      }
      return `home: ${learners.length} learners with 0–2 of the first modules complete and the next one started`
    },
    http: (ctx) => perLearner(ctx, learners, (_l, token) => () => ({ method: 'GET', path: '/api/learn/home', token, expect: 200 })),
    baselineHttp: (ctx) => perLearner(ctx, learners, (_l, token) => () => ({ method: 'GET', path: '/api/modules?depth=2', token, expect: 200 })),
  }
}

function leaderboardPath(): BenchPath {
  const POPULATION = 2000
  let callers: Learner[] = []
  const finds = new RecordedFinds()
  return {
    key: 'leaderboard',
    label: 'GET /api/learn/leaderboard?period=week',
    does: `this ISO week's XP board from the weekly totals the ledger keeps (top 50 + the caller) over ${POPULATION} learners with XP this week`,
    baselineLabel: 'raw SQL: the same transaction on a pg.Pool',
    ratio: 0.5,
    setup: async (ctx) => {
      const population = await ctx.learners.create(POPULATION, 'board')
      // Two XP grants each this week, amounts spread so ranks differ.
      for (let g = 0; g < 20; g++) {
        const group = population.filter((_, i) => i % 20 === g)
        await ctx.learners.grant(group, 'xp', 10 + 7 * g, 'bench-board-1')
        await ctx.learners.grant(group, 'xp', 5 + 3 * ((g * 7) % 20), 'bench-board-2')
      }
      callers = population.slice(0, ctx.connections)
      const me = callers[0]?.id as number
      const service = await recordStatements(() => withTransaction(ctx.payload, (tx) => weeklyLeaderboard(tx, me)))
      const raw = await recordStatements(() => rawServiceTransaction(ctx.pool, ctx.payload, finds, (tx) => weeklyLeaderboard(tx, me)))
      return sameStatements('leaderboard', service.statements, raw.statements)
    },
    http: (ctx) => perLearner(ctx, callers, (_l, token) => () => ({ method: 'GET', path: '/api/learn/leaderboard?period=week', token, expect: 200 })),
    raw: async (ctx) =>
      repeatLanes((lane) => {
        const me = (callers[lane % callers.length] as Learner).id
        return () => (pool) => rawServiceTransaction(pool, ctx.payload, finds, (tx) => weeklyLeaderboard(tx, me)).then(() => undefined)
      }),
  }
}

function eventsPath(): BenchPath {
  let learners: Learner[] = []
  let insertSql = ''
  const makeEvents = (ctx: PathContext) => {
    const at = new Date().toISOString()
    const id = ctx.eventIds === 'v7' ? () => uuidv7() : randomUUID
    return Array.from({ length: ctx.batch }, (_, i) => ({ id: id(), type: 'client.screen_view', occurredAt: at, data: { screen: 'map', i } }))
  }
  return {
    key: 'events',
    label: 'POST /api/learn/events',
    does: 'one batch of client events with fresh ids (the batch size is in the notes), validated one by one, stored with one INSERT … SELECT FROM unnest(five arrays: a time-ordered id made for each row, then the ids, types, times and data the app sent) … ON CONFLICT (user, app id) DO NOTHING',
    baselineLabel: 'raw SQL: the same INSERT of the batch on a pg.Pool',
    ratio: 0.5,
    setup: async (ctx) => {
      learners = await ctx.learners.create(ctx.connections, 'events')
      const user = (learners[0] as Learner).id
      const { statements } = await recordStatements(() => ingestEvents(autocommit(ctx.payload), user, makeEvents(ctx)))
      const inserts = statements.filter((s) => s.startsWith(`${PREPARED}INSERT INTO analytics_events`))
      if (inserts.length !== 1 || statements.length !== 1) throw new Error(`events: expected one prepared INSERT from the service, got:\n  ${statements.join('\n  ')}`)
      insertSql = (inserts[0] as string).slice(PREPARED.length)
      const params = (insertSql.match(/\$\d+/g) ?? []).length
      if (params !== 8) throw new Error(`events: the service's INSERT has ${params} parameters, the raw baseline sends 8 (user, the insert time twice, five arrays of ${ctx.batch})`)
      return `events: the raw baseline prepares and sends the service's INSERT statement text (${ctx.batch} rows as five arrays)`
    },
    http: (ctx) =>
      perLearner(ctx, learners, (_l, token) => () => ({
        method: 'POST',
        path: '/api/learn/events',
        token,
        body: json({ events: makeEvents(ctx) }),
        expect: 200,
        verify: (body) => (JSON.parse(body) as { accepted?: number }).accepted === ctx.batch,
      })),
    raw: async (ctx) =>
      repeatLanes((lane) => {
        const user = (learners[lane % learners.length] as Learner).id
        return () => async (pool) => {
          // What the service binds: the user, the insert time twice, then the rows' own ids
          // (made as the service makes them), the apps' ids, types, times and data as one array each.
          const at = new Date()
          const events = makeEvents(ctx)
          const params = [user, at, at, events.map(() => uuidv7()), events.map((e) => e.id), events.map((e) => e.type), events.map((e) => new Date(e.occurredAt)), events.map((e) => json(e.data))]
          // Prepared, as the service's is (a name of its own: see bench/rawPurchase.ts).
          await pool.query({ name: 'raw-ingest-events', text: insertSql, values: params })
        }
      }),
  }
}

function purchasePath(): BenchPath {
  const SEED_COINS = 10_000_000
  let httpLearners: Learner[] = []
  let rawLearners: Learner[] = []
  return {
    key: 'purchase',
    label: 'POST /api/learn/shop/purchases',
    does: 'buys 1 ticket with coins: 1 coins spend + 1 ticket grant (2 ledger rows, 2 balance updates) in one transaction; one learner per connection',
    baselineLabel: 'raw SQL: the same transaction (bench/rawPurchase.ts)',
    ratio: 0.5,
    setup: async (ctx) => {
      httpLearners = await ctx.learners.create(ctx.connections, 'shop')
      rawLearners = await ctx.learners.create(ctx.connections + 1, 'shopraw')
      await ctx.learners.grant([...httpLearners, ...rawLearners], 'coins', SEED_COINS, 'bench-coins')
      // The last raw learner is spent on the statement check.
      const checker = rawLearners.pop() as Learner
      const { statements } = await recordStatements(() => withTransaction(ctx.payload, (tx) => buy(tx, checker.id, 'ticket', 1)))
      const expected = [...expectedPurchaseSql]
      return sameStatements('purchase', statements, expected)
    },
    http: (ctx) =>
      perLearner(ctx, httpLearners, (_l, token) => () => ({ method: 'POST', path: '/api/learn/shop/purchases', token, body: json({ item: 'ticket', quantity: 1 }), expect: 201 })),
    raw: async () =>
      repeatLanes((lane) => {
        const user = (rawLearners[lane % rawLearners.length] as Learner).id
        return () => (pool) => rawPurchase(pool, user, randomUUID())
      }),
  }
}

// ---------------------------------------------------------------------------------------------

/** A value each input type accepts (checked with the service's own normalizeAnswer). */
function answerFor(step: Step): unknown {
  const v = step.validation ?? {}
  let value: unknown
  switch (step.inputType) {
    case 'text':
    case 'textarea':
      value = 'A board review where I had to defend the budget in front of the whole leadership team.'.padEnd(v.minLength ?? 0, '.')
      break
    case 'select':
      value = step.options?.[0]?.value ?? ''
      break
    case 'rating':
      value = Math.min(v.maxValue ?? 5, Math.max(v.minValue ?? 1, 3))
      break
    default:
      value = true
  }
  normalizeAnswer(step, value)
  return value
}

function lessonPath(): BenchPath {
  let moduleId = 0
  let templateSession = ''
  let answers: { stepId: string; value: unknown }[] = []
  let sessionColumns: string[] = []
  const finds = new RecordedFinds()

  /** Fresh learners, each with a guided session of Module A as startLesson starts it: a copy of the template session. */
  const sessionsFor = async (ctx: PathContext, count: number) => {
    const learners = await ctx.learners.create(count, 'lesson')
    const ids = learners.map((l) => l.id)
    const cols = sessionColumns.map((c) => `"${c}"`).join(', ')
    const { rows } = await ctx.pool.query<{ id: string; user_id: number }>(
      `INSERT INTO lesson_sessions (id, user_id, ${cols}, created_at, updated_at)
       SELECT gen_random_uuid(), u, ${cols}, now(), now() FROM lesson_sessions, unnest($2::int[]) AS u WHERE lesson_sessions.id = $1
       RETURNING id, user_id`,
      [templateSession, ids],
    )
    await ctx.pool.query(
      `INSERT INTO user_progress (user_id, module_id, started, started_at, completed, last_activity_at, created_at, updated_at)
       SELECT u, $2, true, now(), false, now(), now(), now() FROM unnest($1::int[]) AS u`,
      [ids, moduleId],
    )
    const byUser = new Map(learners.map((l) => [l.id, l]))
    return rows.map((r) => ({ session: String(r.id), learner: byUser.get(Number(r.user_id)) as Learner }))
  }

  return {
    key: 'lesson',
    label: 'POST /api/learn/lessons/:sessionId/answers',
    does: 'answers the current step of a guided lesson (Module A, Level 1); each learner answers its session step by step, the last answer completes the module (XP + ticket grants, unlocks)',
    baselineLabel: 'raw SQL: answerStep() on a pg.Pool client, same statements',
    ratio: 0.5,
    setup: async (ctx) => {
      const { rows } = await ctx.pool.query<{ id: number }>(
        `SELECT m.id FROM modules m JOIN levels l ON l.id = m.level_id WHERE l.number = 1 AND m.code = 'A' AND m._status = 'published'`,
      )
      moduleId = Number(rows[0]?.id)
      const [starter] = await ctx.learners.create(1, 'lessontpl')
      const started = await withTransaction(ctx.payload, (tx) => startLesson(tx, (starter as Learner).id, moduleId))
      templateSession = (started.body as { sessionId: string }).sessionId
      const { rows: cols } = await ctx.pool.query<{ column_name: string }>(
        `SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'lesson_sessions' ORDER BY ordinal_position`,
      )
      sessionColumns = cols.map((c) => c.column_name).filter((c) => !['id', 'user_id', 'created_at', 'updated_at'].includes(c))
      const { rows: session } = await ctx.pool.query<{ steps: Step[] }>(`SELECT steps FROM lesson_sessions WHERE id = $1`, [templateSession])
      const steps = session[0]?.steps ?? []
      // Up to the closing 'complete' step, which the service shows but nobody answers.
      const end = steps.findIndex((s) => s.inputType === 'complete')
      const answerable = end < 0 ? steps : steps.slice(0, end)
      answers = answerable.map((s) => ({ stepId: s.stepId, value: answerFor(s) }))
      const [a, b] = await sessionsFor(ctx, 2)
      await freshWorld(ctx.payload)
      const run = async (x: typeof a, raw: boolean) => {
        for (const answer of answers) {
          if (raw) await rawServiceTransaction(ctx.pool, ctx.payload, finds, (tx) => answerStep(tx, x!.learner.id, x!.session, answer))
          else await withTransaction(ctx.payload, (tx) => answerStep(tx, x!.learner.id, x!.session, answer))
        }
      }
      const service = await recordStatements(() => run(a, false))
      const raw = await recordStatements(() => run(b, true))
      return `${sameStatements('lesson', service.statements, raw.statements)}; ${answers.length} answers per session`
    },
    http: async (ctx, requests) => {
      const units = await sessionsFor(ctx, Math.ceil(requests / answers.length) + ctx.connections)
      const tokens = new Map(await Promise.all(units.map(async (u) => [u.learner.id, await ctx.learners.token(u.learner)] as const)))
      return unitLanes(units, (u) =>
        answers.map((answer, i) => ({
          method: 'POST' as const,
          path: `/api/learn/lessons/${u.session}/answers`,
          token: tokens.get(u.learner.id) as string,
          body: json(answer),
          expect: 200,
          kind: i === answers.length - 1 ? 'completing answer' : 'next-step answer',
        })),
        ctx.connections,
      )
    },
    raw: async (ctx, requests) => {
      const units = await sessionsFor(ctx, Math.ceil(requests / answers.length) + ctx.connections)
      return unitLanes(units, (u) =>
        answers.map((answer): RawOp => (pool) => rawServiceTransaction(pool, ctx.payload, finds, (tx) => answerStep(tx, u.learner.id, u.session, answer)).then(() => undefined)),
        ctx.connections,
      )
    },
  }
}

function venuePath(): BenchPath {
  let venues: { id: number; cost: number }[] = []
  let districts: number[] = []
  const finds = new RecordedFinds()

  /** Fresh learners with full access to every district and exactly the tickets the paid venues cost (granted through the ledger). */
  const entrants = async (ctx: PathContext, count: number) => {
    const learners = await ctx.learners.create(count, 'venue')
    await ctx.pool.query(
      `INSERT INTO district_access (user_id, district_id, created_at, updated_at) SELECT u, d, now(), now() FROM unnest($1::int[]) AS u, unnest($2::int[]) AS d`,
      [learners.map((l) => l.id), districts],
    )
    await ctx.learners.grant(learners, 'tickets', venues.reduce((sum, v) => sum + v.cost, 0), 'bench-tickets')
    return learners
  }

  return {
    key: 'venue',
    label: 'POST /api/learn/venues/:id/entries',
    does: 'enters a paid venue: the entry row, a ticket spend (ledger row + balance), a venue_entered event, the task sheets; each learner enters each paid venue once (201, never the free re-entry)',
    baselineLabel: 'raw SQL: enterVenue() on a pg.Pool client, same statements',
    ratio: 0.5,
    setup: async (ctx) => {
      const { rows } = await ctx.pool.query<{ id: number; cost: string }>(
        `SELECT id, ticket_cost AS cost FROM venues WHERE _status = 'published' AND kind = 'standard' AND ticket_cost > 0 ORDER BY id`,
      )
      venues = rows.map((r) => ({ id: Number(r.id), cost: Number(r.cost) }))
      const { rows: ds } = await ctx.pool.query<{ id: number }>(`SELECT id FROM districts WHERE _status = 'published'`)
      districts = ds.map((d) => Number(d.id))
      const [a, b] = await entrants(ctx, 2)
      await freshWorld(ctx.payload)
      // Both sequences start with no task sheets kept (src/services/world/taskSheets.ts), so each
      // reads every venue's sheets once through the Local API (replayed on the raw side).
      forgetTaskSheets()
      const service = await recordStatements(() =>
        finds.record(ctx.payload, async () => {
          for (const v of venues) await withTransaction(ctx.payload, (tx) => enterVenue(tx, (a as Learner).id, v.id))
        }),
      )
      forgetTaskSheets()
      const raw = await recordStatements(async () => {
        for (const v of venues) await rawServiceTransaction(ctx.pool, ctx.payload, finds, (tx) => enterVenue(tx, (b as Learner).id, v.id))
      })
      return `${sameStatements('venue', service.statements, raw.statements)}; ${venues.length} paid venues (${venues.map((v) => v.cost).join(', ')} tickets)`
    },
    http: async (ctx, requests) => {
      const learners = await entrants(ctx, Math.ceil(requests / venues.length) + ctx.connections)
      const tokens = await Promise.all(learners.map((l) => ctx.learners.token(l)))
      const units = learners.map((l, i) => ({ learner: l, token: tokens[i] as string }))
      return unitLanes(units, (u) => venues.map((v) => ({ method: 'POST' as const, path: `/api/learn/venues/${v.id}/entries`, token: u.token, expect: 201 })), ctx.connections)
    },
    raw: async (ctx, requests) => {
      const learners = await entrants(ctx, Math.ceil(requests / venues.length) + ctx.connections)
      return unitLanes(learners, (l) => venues.map((v): RawOp => (pool) => rawServiceTransaction(pool, ctx.payload, finds, (tx) => enterVenue(tx, l.id, v.id)).then(() => undefined)), ctx.connections)
    },
  }
}

/** An answer the answer key marks correct (free text: long enough), checked with the service's own scoring. */
function correctAnswer(exercise: Exercise): unknown {
  const key = exercise.answerKey ?? {}
  let answer: unknown
  switch (exercise.blockType) {
    case 'singleChoice':
    case 'multipleChoice':
      answer = key.correct
      break
    case 'ordering':
      answer = key.order
      break
    case 'classify':
      answer = Object.fromEntries((key.assignments ?? []).map((a) => [a.item, a.category]))
      break
    default:
      answer = 'I name the pressure, slow my breathing, and open with the one point the room must remember.'.padEnd(exercise.minLength ?? 0, '.')
  }
  score(exercise, answer)
  return answer
}

function exercisePath(): BenchPath {
  let submissions: { knowledgeBlockId: number; exerciseIndex: number; answer: unknown }[] = []
  let rounds = 0
  const finds = new RecordedFinds()
  const callsPerLearner = () => submissions.length * rounds
  /** Every rewarded submission a learner has in a day: each exercise `rounds` times, the exercises in turn. */
  const plan = () => Array.from({ length: rounds }, () => submissions).flat()

  return {
    key: 'exercise',
    label: 'POST /api/learn/exercises',
    does: "submits a knowledge-block exercise of Module A, scored on the server; every measured submission is rewarded (XP and coins grants), since each learner submits each exercise only up to the day's rewarded cap",
    baselineLabel: 'raw SQL: submitExercise() on a pg.Pool client, same statements',
    ratio: 0.5,
    setup: async (ctx) => {
      const blocks = await ctx.payload.find({
        collection: 'knowledge-blocks',
        where: { _status: { equals: 'published' } },
        depth: 0,
        pagination: false,
        sort: 'order',
        overrideAccess: true,
      })
      submissions = blocks.docs.flatMap((block) =>
        ((block.exercises ?? []) as unknown as Exercise[]).map((exercise, exerciseIndex) => ({ knowledgeBlockId: Number(block.id), exerciseIndex, answer: correctAnswer(exercise) })),
      )
      const { rows } = await ctx.pool.query<{ cap: string }>(`SELECT exercise_rewards_per_day AS cap FROM economy LIMIT 1`)
      rounds = Number(rows[0]?.cap ?? 3)
      const [a, b] = await ctx.learners.create(2, 'exercise')
      await freshWorld(ctx.payload)
      // Both sequences start with no block kept (src/services/world/knowledgeBlocks.ts), so each
      // reads every block once through the Local API (replayed on the raw side) and then uses it kept.
      forgetKnowledgeBlocks()
      const service = await recordStatements(() =>
        finds.record(ctx.payload, async () => {
          for (const s of submissions) await withTransaction(ctx.payload, (tx) => submitExercise(tx, (a as Learner).id, s))
        }),
      )
      forgetKnowledgeBlocks()
      const raw = await recordStatements(async () => {
        for (const s of submissions) await rawServiceTransaction(ctx.pool, ctx.payload, finds, (tx) => submitExercise(tx, (b as Learner).id, s))
      })
      return `${sameStatements('exercise', service.statements, raw.statements)}; ${submissions.length} exercises × ${rounds} rewarded submissions per learner`
    },
    http: async (ctx, requests) => {
      const learners = await ctx.learners.create(Math.ceil(requests / callsPerLearner()) + ctx.connections, 'exercise')
      const tokens = await Promise.all(learners.map((l) => ctx.learners.token(l)))
      const units = learners.map((l, i) => ({ learner: l, token: tokens[i] as string }))
      return unitLanes(units, (u) =>
        plan().map((s) => ({
          method: 'POST' as const,
          path: '/api/learn/exercises',
          token: u.token,
          body: json(s),
          expect: 201,
          verify: (body) => ((JSON.parse(body) as { xpEarned?: number }).xpEarned ?? 0) > 0,
        })),
        ctx.connections,
      )
    },
    raw: async (ctx, requests) => {
      const learners = await ctx.learners.create(Math.ceil(requests / callsPerLearner()) + ctx.connections, 'exercise')
      return unitLanes(learners, (l) =>
        plan().map((s): RawOp => async (pool) => {
          const result = await rawServiceTransaction(pool, ctx.payload, finds, (tx) => submitExercise(tx, l.id, s))
          if (!(result.xpEarned > 0)) throw new Error('a raw submission was not rewarded')
        }),
        ctx.connections,
      )
    },
  }
}

/** Every hot path, in the order they run (reads first, so the leaderboard's data is the same whatever runs). */
export const allPaths = (): BenchPath[] => [homePath(), leaderboardPath(), eventsPath(), purchasePath(), lessonPath(), venuePath(), exercisePath()]
