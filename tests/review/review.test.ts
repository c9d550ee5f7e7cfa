import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import pg from 'pg'
import { createEmptyCard, fsrs, generatorParameters, Rating } from 'ts-fsrs'
import type { Card, Grade } from 'ts-fsrs'

import { setClock } from '../../src/clock'
import { findBalanceMismatches } from '../../src/services/economy/verify'
import { api, createUser } from '../helpers/http'
import type { TestUser } from '../helpers/http'
import { startTestApp } from '../helpers/testApp'
import type { TestApp } from '../helpers/testApp'
import { finishModule } from '../journey/helpers'
import { createWorld } from '../journey/world'

let app: TestApp
let sql: pg.Client
let moduleA: number
let moduleB: number
let restoreClock: (() => void) | undefined

const T0 = new Date('2026-12-01T09:00:00Z')

beforeAll(async () => {
  app = await startTestApp()
  sql = new pg.Client({ connectionString: app.databaseUrl })
  await sql.connect()
  const [d] = await createWorld(app.payload, { districts: 1, modules: 2, venues: 0 })
  moduleA = d!.moduleIds[0]!
  moduleB = d!.moduleIds[1]!
  // The seeded review quest, active, so reviews can be seen to count as quest activity.
  await app.payload.create({
    collection: 'quest-definitions',
    data: { key: 'daily-review', title: 'Review', activity: 'review', target: 2, xpReward: 10, coinReward: 5, active: true, _status: 'published' } as never,
    overrideAccess: true,
  })
})

afterEach(() => {
  restoreClock?.()
  restoreClock = undefined
})

afterAll(async () => {
  expect(await findBalanceMismatches(app.payload.db.pool)).toEqual([])
  await sql?.end()
  await app?.close()
})

const at = (iso: string | Date) => {
  restoreClock?.()
  restoreClock = setClock(new Date(iso))
}
const caller = (learner: TestUser) => (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
  api(app.baseUrl, method, path, { token: learner.token, body, headers })

/** A learner (in `timezone`) who finished module A at T0: its two blocks are in review. */
async function learnerInReview(timezone = 'UTC') {
  // Signed up at T0: no client time before it is believed.
  at(T0)
  const learner = await createUser(app.payload, app.baseUrl)
  await sql.query('UPDATE users SET profile_timezone = $1 WHERE id = $2', [timezone, learner.id])
  await finishModule(caller(learner), moduleA)
  const { rows } = await sql.query('SELECT knowledge_block_id AS id FROM review_cards WHERE user_id = $1 ORDER BY knowledge_block_id', [learner.id])
  return { learner, call: caller(learner), blocks: rows.map((r) => Number(r.id)) }
}

const xpOf = async (user: number) => Number((await sql.query('SELECT xp FROM users WHERE id = $1', [user])).rows[0].xp)

describe('spaced review: enrolment and the due list', () => {
  it('puts a completed module’s blocks into review, due at once, and lists them for their owner only', async () => {
    const { learner, call, blocks } = await learnerInReview()
    expect(blocks).toHaveLength(2)
    const due = await call('GET', '/api/learn/review/due')
    expect(due.status).toBe(200)
    expect(due.body.day).toBe('2026-12-01')
    expect(due.body.items.map((i: any) => i.knowledgeBlock.id)).toEqual(blocks)
    expect(due.body.items[0]).toMatchObject({ module: { id: moduleA, code: 'A' }, state: 'new', reps: 0, due: T0.toISOString() })

    // Module B is not complete: its blocks are not in review, and cannot be reviewed.
    const [bBlock] = (await sql.query('SELECT id FROM knowledge_blocks WHERE module_id = $1', [moduleB])).rows
    const early = await call('POST', `/api/learn/review/${bBlock.id}`, { rating: 'good' })
    expect(early.status).toBe(409)
    expect(early.body.errors[0].code).toBe('not_in_review')

    // Another learner sees none of it and cannot review the first learner's cards into existence.
    const other = await createUser(app.payload, app.baseUrl)
    const theirs = await caller(other)('GET', '/api/learn/review/due')
    expect(theirs.body.items).toEqual([])
    const poke = await caller(other)('POST', `/api/learn/review/${blocks[0]}`, { rating: 'easy' })
    expect(poke.status).toBe(409)
    const list = await caller(other)('GET', '/api/review-cards?depth=0')
    expect(list.body.docs).toEqual([])
    const own = await call('GET', '/api/review-cards?depth=0')
    expect(own.body.docs.map((d: any) => d.knowledgeBlock).sort()).toEqual(blocks)
    const write = await call('POST', '/api/review-cards', { user: learner.id, knowledgeBlock: blocks[0], module: moduleA, due: T0.toISOString() })
    expect(write.status).toBe(403)
  })

  it('cuts "today" at the learner’s own midnight', async () => {
    // 09:00 UTC on Dec 1: Los Angeles is at 01:00 on Dec 1 (its day ends 08:00 UTC Dec 2),
    // Auckland at 22:00 on Dec 1 (its day ends 11:00 UTC Dec 1).
    const la = await learnerInReview('America/Los_Angeles')
    const akl = await learnerInReview('Pacific/Auckland')
    const utc = await learnerInReview('UTC')
    const setDue = (user: number, iso: string) => sql.query('UPDATE review_cards SET due = $1 WHERE user_id = $2', [iso, user])
    for (const who of [la, akl, utc]) await setDue(who.learner.id, '2026-12-02T07:00:00Z')
    at(T0)
    const count = async (who: typeof la) => (await who.call('GET', '/api/learn/review/due')).body
    expect((await count(la)).items).toHaveLength(2)
    expect((await count(la)).dueBefore).toBe('2026-12-02T08:00:00.000Z')
    expect((await count(utc)).items).toHaveLength(0)
    expect((await count(utc)).nextDueAt).toBe('2026-12-02T07:00:00.000Z')
    expect((await count(akl)).items).toHaveLength(0)
    expect((await count(akl)).dueBefore).toBe('2026-12-01T11:00:00.000Z')
    // Just after Auckland's midnight the same cards are due there too.
    at('2026-12-01T11:00:01Z')
    expect((await count(akl)).items).toHaveLength(2)
    expect((await count(akl)).day).toBe('2026-12-02')
  })

  it('enrols blocks published after the module was completed the next time the learner looks', async () => {
    const { learner, call } = await learnerInReview()
    const late = await app.payload.create({ collection: 'knowledge-blocks', data: { module: moduleA, title: 'A late idea', order: 9, _status: 'published' } as never, overrideAccess: true })
    const due = await call('GET', '/api/learn/review/due')
    expect(due.body.items.map((i: any) => i.knowledgeBlock.id)).toContain(late.id)
    const { rows } = await sql.query('SELECT count(*)::int AS n FROM review_cards WHERE user_id = $1', [learner.id])
    expect(rows[0].n).toBe(3)
    // Cards keep their block (a block in learners' history cannot be deleted; unpublishing
    // takes it out of review). Clean up so the other tests see module A's two blocks.
    await sql.query('DELETE FROM review_cards WHERE knowledge_block_id = $1', [late.id])
    await app.payload.delete({ collection: 'knowledge-blocks', id: late.id, overrideAccess: true })
  })
})

describe('spaced review: scheduling', () => {
  it('schedules exactly as ts-fsrs does for a fixed sequence of ratings and times', async () => {
    const { call, blocks } = await learnerInReview()
    const f = fsrs(generatorParameters({ enable_fuzz: false }))
    const grades: Record<string, Grade> = { again: Rating.Again, hard: Rating.Hard, good: Rating.Good, easy: Rating.Easy }
    let expected: Card = createEmptyCard(T0)
    const sequence: [string, string][] = [
      ['good', '2026-12-01T09:05:00Z'],
      ['good', '2026-12-01T09:20:00Z'],
      ['again', '2026-12-04T10:00:00Z'],
      ['hard', '2026-12-04T10:15:00Z'],
      ['good', '2026-12-05T18:00:00Z'],
      ['easy', '2026-12-09T08:30:00Z'],
    ]
    for (const [rating, when] of sequence) {
      at(when)
      const res = await call('POST', `/api/learn/review/${blocks[0]}`, { rating })
      expect(res.status).toBe(201)
      expected = f.next(expected, new Date(when), grades[rating]!).card
      expect(res.body.card).toEqual({
        state: ['new', 'learning', 'review', 'relearning'][expected.state],
        due: expected.due.toISOString(),
        scheduledDays: expected.scheduled_days,
        stability: expected.stability,
        difficulty: expected.difficulty,
        reps: expected.reps,
        lapses: expected.lapses,
      })
      expect(res.body.reviewedAt).toBe(new Date(when).toISOString())
    }
    // The stored card round-trips the same numbers (numeric columns, no rounding).
    const { rows } = await sql.query('SELECT stability, difficulty, due, reps, lapses FROM review_cards WHERE knowledge_block_id = $1 AND user_id = (SELECT user_id FROM review_logs WHERE knowledge_block_id = $1 ORDER BY id DESC LIMIT 1)', [blocks[0]])
    expect(Number(rows[0].stability)).toBe(expected.stability)
    expect(Number(rows[0].difficulty)).toBe(expected.difficulty)
    expect(new Date(rows[0].due).toISOString()).toBe(expected.due.toISOString())
  })

  it('replaying a review with the same id changes nothing; the id with another rating is refused', async () => {
    const { learner, call, blocks } = await learnerInReview()
    at('2026-12-01T10:00:00Z')
    const id = '0b7c1a52-8f0e-4d7e-9a51-3f1c2d4e5a61'
    const first = await call('POST', `/api/learn/review/${blocks[0]}`, { rating: 'good', id })
    expect(first.status).toBe(201)
    const snapshot = async () => ({
      card: (await sql.query('SELECT state, due, stability, reps FROM review_cards WHERE user_id = $1 ORDER BY id', [learner.id])).rows,
      logs: (await sql.query('SELECT count(*)::int AS n FROM review_logs WHERE user_id = $1', [learner.id])).rows[0].n,
      ledger: (await sql.query('SELECT count(*)::int AS n, coalesce(sum(delta), 0)::int AS sum FROM reward_ledger WHERE user_id = $1', [learner.id])).rows[0],
      quests: (await sql.query('SELECT progress FROM daily_quests WHERE user_id = $1', [learner.id])).rows,
    })
    const before = await snapshot()
    at('2026-12-01T11:00:00Z')
    const again = await call('POST', `/api/learn/review/${blocks[0]}`, { rating: 'good', id })
    expect(again.status).toBe(201)
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect({ ...again.body, replayed: false }).toEqual(first.body)
    expect(again.body.replayed).toBe(true)
    // The same id through the Idempotency-Key header is the same review.
    const viaHeader = await call('POST', `/api/learn/review/${blocks[0]}`, { rating: 'good' }, { 'idempotency-key': id })
    expect(viaHeader.body.replayed).toBe(true)
    expect(await snapshot()).toEqual(before)
    const clash = await call('POST', `/api/learn/review/${blocks[0]}`, { rating: 'easy', id })
    expect(clash.status).toBe(422)
    expect(clash.body.errors[0].code).toBe('client_id_reused')
    expect(await snapshot()).toEqual(before)
  })
})

describe('spaced review: rewards and activity', () => {
  it('counts as review activity (streak, quests), pays due reviews up to the daily cap, and again the next day', async () => {
    await app.payload.updateGlobal({ slug: 'economy', data: { reviewXp: 30, reviewXpPerDay: 50 }, overrideAccess: true })
    try {
      const { learner, call, blocks } = await learnerInReview()
      const xp0 = await xpOf(learner.id)
      at('2026-12-01T12:00:00Z')
      const r1 = await call('POST', `/api/learn/review/${blocks[0]}`, { rating: 'again' })
      expect(r1.body.xpEarned).toBe(30)
      const r2 = await call('POST', `/api/learn/review/${blocks[1]}`, { rating: 'easy' })
      expect(r2.body).toMatchObject({ xpEarned: 20, xpLeftToday: 0 })
      // Two reviews complete the review quest (target 2): 10 XP and 5 coins from the quest.
      const quest = (await sql.query("SELECT progress, completed FROM daily_quests q JOIN quest_definitions d ON d.id = q.quest_definition_id WHERE q.user_id = $1 AND d.key = 'daily-review'", [learner.id])).rows[0]
      expect(quest).toEqual({ progress: '2', completed: true })
      const r3 = await call('POST', `/api/learn/review/${blocks[0]}`, { rating: 'good' })
      expect(r3.body.xpEarned).toBe(0)
      expect(await xpOf(learner.id)).toBe(xp0 + 50 + 10)

      // A card not yet due can be reviewed but pays nothing: easy pushed block 2 days away.
      at('2026-12-02T12:00:00Z')
      const notDue = await call('POST', `/api/learn/review/${blocks[1]}`, { rating: 'good' })
      expect(notDue.status).toBe(201)
      expect(notDue.body.xpEarned).toBe(0)
      expect(notDue.body.streak.current).toBe(2)
      const due = await call('POST', `/api/learn/review/${blocks[0]}`, { rating: 'good' })
      expect(due.body.xpEarned).toBe(30)
      const ledger = (await sql.query("SELECT count(*)::int AS n FROM reward_ledger WHERE user_id = $1 AND reason = 'review'", [learner.id])).rows[0]
      expect(ledger.n).toBe(3)
    } finally {
      await app.payload.updateGlobal({ slug: 'economy', data: { reviewXp: 5, reviewXpPerDay: 50 }, overrideAccess: true })
    }
  })

  it('trusts the client time only inside its window: 72 h back, 5 min ahead', async () => {
    const { learner, call, blocks } = await learnerInReview()
    at('2026-12-04T08:00:00Z')
    const twoDaysAgo = await call('POST', `/api/learn/review/${blocks[0]}`, { rating: 'good', reviewedAt: '2026-12-02T07:30:00Z' })
    expect(twoDaysAgo.body).toMatchObject({ reviewedAt: '2026-12-02T07:30:00.000Z', clientTimeTrusted: true, day: '2026-12-02' })
    const forged = await call('POST', `/api/learn/review/${blocks[1]}`, { rating: 'good', reviewedAt: '2026-11-30T07:30:00+00:00' })
    expect(forged.body).toMatchObject({ reviewedAt: '2026-12-04T08:00:00.000Z', clientTimeTrusted: false, day: '2026-12-04' })
    const ahead = await call('POST', `/api/learn/review/${blocks[1]}`, { rating: 'good', reviewedAt: '2026-12-04T08:06:00Z' })
    expect(ahead.body).toMatchObject({ reviewedAt: '2026-12-04T08:00:00.000Z', clientTimeTrusted: false })
    const drift = await call('POST', `/api/learn/review/${blocks[1]}`, { rating: 'good', reviewedAt: '2026-12-04T08:04:00Z' })
    expect(drift.body).toMatchObject({ reviewedAt: '2026-12-04T08:04:00.000Z', clientTimeTrusted: true })
    const stored = (await sql.query('SELECT client_reviewed_at FROM review_logs WHERE user_id = $1 ORDER BY id', [learner.id])).rows
    expect(new Date(stored[1].client_reviewed_at).toISOString()).toBe('2026-11-30T07:30:00.000Z')
    // The trusted late review landed on Dec 2 and did not drag the streak back: Dec 4 stands.
    const me = (await sql.query("SELECT to_char(last_active_day AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day FROM users WHERE id = $1", [learner.id])).rows[0]
    expect(me.day).toBe('2026-12-04')
  })

  it('moves a reviewedAt (or Client-Time) before sign-up or the last counted action forward to it: no review XP on days never lived', async () => {
    const { learner, call, blocks } = await learnerInReview()
    at(new Date(T0.getTime() + 3_600_000))
    const before = new Date(T0.getTime() - 48 * 3_600_000).toISOString()
    const body = await call('POST', `/api/learn/review/${blocks[0]}`, { rating: 'good', reviewedAt: before })
    expect(body.body).toMatchObject({ clientTimeTrusted: false, day: '2026-12-01' })
    expect(new Date(body.body.reviewedAt).getTime()).toBeGreaterThanOrEqual(T0.getTime())
    const header = await call('POST', `/api/learn/review/${blocks[1]}`, { rating: 'good' }, { 'client-time': before })
    expect(header.body).toMatchObject({ clientTimeTrusted: false, day: '2026-12-01' })
    expect(header.headers.get('client-time-applied')).not.toBe(before)
    const days = (await sql.query('SELECT DISTINCT local_day FROM review_logs WHERE user_id = $1', [learner.id])).rows.map((r) => r.local_day)
    expect(days).toEqual(['2026-12-01'])
  })

  it('refuses bad input without writing anything', async () => {
    const { learner, call, blocks } = await learnerInReview()
    const logs = async () => (await sql.query('SELECT count(*)::int AS n FROM review_logs WHERE user_id = $1', [learner.id])).rows[0].n
    const cases: [string, unknown, number, string][] = [
      [`/api/learn/review/${blocks[0]}`, { rating: 'perfect' }, 422, 'validation_failed'],
      [`/api/learn/review/${blocks[0]}`, { rating: 'good', reviewedAt: 'yesterday' }, 422, 'validation_failed'],
      [`/api/learn/review/${blocks[0]}`, { rating: 'good', reviewedAt: '2026-12-01T10:00:00' }, 422, 'validation_failed'],
      [`/api/learn/review/${blocks[0]}`, { rating: 'good', id: 'not-a-uuid' }, 422, 'validation_failed'],
      [`/api/learn/review/${blocks[0]}`, { rating: 'good', extra: 1 }, 422, 'validation_failed'],
      ['/api/learn/review/999999', { rating: 'good' }, 404, 'not_found'],
      ['/api/learn/review/abc', { rating: 'good' }, 404, 'not_found'],
    ]
    for (const [path, body, status, code] of cases) {
      const res = await call('POST', path, body)
      expect([path, body, res.status, res.body.errors?.[0]?.code]).toEqual([path, body, status, code])
    }
    expect((await call('GET', '/api/learn/review/due?limit=0')).status).toBe(422)
    expect((await api(app.baseUrl, 'GET', '/api/learn/review/due')).status).toBe(401)
    expect(await logs()).toBe(0)
  })
})
