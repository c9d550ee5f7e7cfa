import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import pg from 'pg'

import { setClock } from '../../src/clock'
import { findBalanceMismatches } from '../../src/services/economy/verify'
import { api, createUser } from '../helpers/http'
import type { TestUser } from '../helpers/http'
import { startTestApp } from '../helpers/testApp'
import type { TestApp } from '../helpers/testApp'
import { createWorld } from '../journey/world'

let app: TestApp
let sql: pg.Client
let blockId: number
let lockedBlockId: number

const opts = (...values: string[]) => values.map((value) => ({ value, label: value.toUpperCase() }))

beforeAll(async () => {
  app = await startTestApp()
  sql = new pg.Client({ connectionString: app.databaseUrl })
  await sql.connect()
  const [d] = await createWorld(app.payload, { districts: 1, modules: 2, venues: 0 })
  const create = async (moduleId: number) =>
    (
      await app.payload.create({
        collection: 'knowledge-blocks',
        data: {
          module: moduleId,
          title: 'Exercises',
          order: 10,
          _status: 'published',
          exercises: [
            { blockType: 'singleChoice', prompt: 'Pick the calm one', options: opts('true', 'false', 'pause'), answerKey: { correct: 'pause' } },
            { blockType: 'multipleChoice', prompt: 'Pick the levers', options: opts('preparation', 'presence', 'panic'), answerKey: { correct: ['preparation', 'presence'] } },
            {
              blockType: 'classify',
              prompt: 'Sort them',
              categories: opts('helps', 'hurts'),
              items: opts('breath', 'rush'),
              answerKey: { assignments: [{ item: 'breath', category: 'helps' }, { item: 'rush', category: 'hurts' }] },
            },
            { blockType: 'ordering', prompt: 'Order the talk', items: opts('open', 'body', 'close'), answerKey: { order: ['open', 'body', 'close'] } },
            { blockType: 'freeText', prompt: 'Your opening line', minLength: 10, guidance: 'Short and concrete wins.' },
          ],
        } as never,
        overrideAccess: true,
        depth: 0,
      })
    ).id as number
  blockId = await create(d!.moduleIds[0]!)
  lockedBlockId = await create(d!.moduleIds[1]!)
})

afterAll(async () => {
  expect(await findBalanceMismatches(app.payload.db.pool)).toEqual([])
  await sql?.end()
  await app?.close()
})

const submit = (learner: TestUser, exerciseIndex: number, answer: unknown, extra: Record<string, unknown> = {}) =>
  api(app.baseUrl, 'POST', '/api/learn/exercises', { token: learner.token, body: { knowledgeBlockId: blockId, exerciseIndex, answer, ...extra } })

describe('POST /api/learn/exercises (rule 4)', () => {
  it('scores every exercise type on the server, paying 5 XP correct and 2 practice, coins half', async () => {
    const learner = await createUser(app.payload, app.baseUrl)
    const cases: [number, unknown, boolean | null, number][] = [
      [0, 'pause', true, 5],
      [0, 'true', false, 2],
      [1, ['presence', 'preparation'], true, 5],
      [1, ['presence'], false, 2],
      [2, { breath: 'helps', rush: 'hurts' }, true, 5],
      [2, { breath: 'hurts', rush: 'helps' }, false, 2],
      [3, ['open', 'body', 'close'], true, 5],
      [3, ['body', 'open', 'close'], false, 2],
      [4, 'Friends, one breath first.', null, 2],
    ]
    for (const [index, answer, correct, xp] of cases) {
      const res = await submit(learner, index, answer)
      expect(res.status).toBe(201)
      expect(res.body).toMatchObject({ correct, xpEarned: xp, coinsEarned: Math.floor(xp / 2) })
      // The answer key is never sent back.
      expect(res.text).not.toMatch(/answerKey|assignments/)
    }
    expect((await submit(learner, 4, 'Another opening.')).body.guidance).toBe('Short and concrete wins.')
  })

  it('never believes the client: "false", booleans, unknown options or a claimed score are refused or scored as given', async () => {
    const learner = await createUser(app.payload, app.baseUrl)
    const stringFalse = await submit(learner, 0, 'false')
    expect(stringFalse.body.correct).toBe(false)
    expect(stringFalse.body.xpEarned).toBe(2)
    for (const [index, answer] of [
      [0, true],
      [0, 'not-an-option'],
      [1, []],
      [1, ['presence', 'presence']],
      [2, { breath: 'helps' }],
      [2, { breath: 'helps', rush: 'nowhere' }],
      [3, ['open', 'body']],
      [4, 'short'],
      [4, 42],
    ] as [number, unknown][]) {
      expect((await submit(learner, index, answer)).status).toBe(422)
    }
    expect((await submit(learner, 0, 'pause', { isCorrect: true, score: 100 })).status).toBe(422)
    expect((await submit(learner, 9, 'pause')).status).toBe(404)
    expect((await submit(learner, 25, 'pause')).status).toBe(422)
    expect((await api(app.baseUrl, 'POST', '/api/learn/exercises', { token: learner.token, body: { knowledgeBlockId: 999999, exerciseIndex: 0, answer: 'x' } })).status).toBe(404)
    const locked = await api(app.baseUrl, 'POST', '/api/learn/exercises', { token: learner.token, body: { knowledgeBlockId: lockedBlockId, exerciseIndex: 0, answer: 'pause' } })
    expect(locked.status).toBe(403)
    expect(locked.body.errors[0].code).toBe('module_locked')
  })

  it('stops paying at the daily cap per exercise, and pays again the next local day', async () => {
    const learner = await createUser(app.payload, app.baseUrl)
    const restore = setClock(new Date('2030-07-01T12:00:00Z'))
    try {
      const paid = []
      for (let i = 0; i < 5; i++) paid.push((await submit(learner, 0, 'pause')).body.xpEarned)
      expect(paid.slice(0, 3).every((x) => x >= 5)).toBe(true)
      expect(paid.slice(3)).toEqual([0, 0])
      // Another exercise has its own cap.
      expect((await submit(learner, 3, ['open', 'body', 'close'])).body.xpEarned).toBeGreaterThan(0)
      restore()
      setClock(new Date('2030-07-02T12:00:00Z'))
      expect((await submit(learner, 0, 'pause')).body.xpEarned).toBeGreaterThan(0)
    } finally {
      restore()
    }
    const events = (await sql.query(`SELECT data FROM analytics_events WHERE user_id = $1 AND type = 'exercise_complete'`, [learner.id])).rows
    expect(events).toHaveLength(7)
    expect(events[0].data).toEqual({ type: 'singleChoice', correct: true, xp_earned: 5 })
  })

  it('multiplies XP by the streak', async () => {
    const learner = await createUser(app.payload, app.baseUrl)
    await sql.query(`UPDATE users SET current_streak = 4, last_active_day = $2 WHERE id = $1`, [learner.id, new Date(Date.now() - 86_400_000).toISOString().slice(0, 10)])
    const res = await submit(learner, 0, 'pause')
    // Yesterday's activity makes today day 5: 5 × min(1 + 0.1·5, 2) = 7.5 → 7.
    expect(res.body).toMatchObject({ multiplier: 1.5, xpEarned: 7, coinsEarned: 3 })
  })

  it("scores against the block as last saved: an author's edit, unpublishing and republishing apply to the next submission", async () => {
    const learner = await createUser(app.payload, app.baseUrl)
    const block = await app.payload.create({
      collection: 'knowledge-blocks',
      data: {
        module: (await app.payload.findByID({ collection: 'knowledge-blocks', id: blockId, depth: 0, overrideAccess: true })).module,
        title: 'Edited later',
        order: 20,
        _status: 'published',
        exercises: [{ blockType: 'singleChoice', prompt: 'Which?', options: opts('a', 'b'), answerKey: { correct: 'a' } }],
      } as never,
      overrideAccess: true,
      depth: 0,
    })
    const answer = (value: string) => api(app.baseUrl, 'POST', '/api/learn/exercises', { token: learner.token, body: { knowledgeBlockId: block.id, exerciseIndex: 0, answer: value } })
    // Read twice: the second use is served from the process's copy.
    expect((await answer('a')).body.correct).toBe(true)
    expect((await answer('b')).body.correct).toBe(false)
    await app.payload.update({
      collection: 'knowledge-blocks',
      id: block.id,
      data: { exercises: [{ blockType: 'singleChoice', prompt: 'Which?', options: opts('a', 'b'), answerKey: { correct: 'b' } }] } as never,
      overrideAccess: true,
      depth: 0,
    })
    expect((await answer('b')).body.correct).toBe(true)
    await app.payload.update({ collection: 'knowledge-blocks', id: block.id, data: { _status: 'draft' } as never, overrideAccess: true, depth: 0 })
    const unpublished = await answer('b')
    expect([unpublished.status, unpublished.body.errors?.[0]?.code]).toEqual([404, 'not_found'])
    await app.payload.update({ collection: 'knowledge-blocks', id: block.id, data: { _status: 'published' } as never, overrideAccess: true, depth: 0 })
    expect((await answer('b')).status).toBe(201)
  })
})
