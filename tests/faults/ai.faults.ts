import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import pg from 'pg'

import { findBalanceMismatches } from '../../src/services/economy/verify'
import { startFakeAi } from '../helpers/fakeAi'
import type { FakeAi } from '../helpers/fakeAi'
import { createTestDatabase } from '../helpers/testApp'
import { createWorld } from '../journey/world'
import type { StepData } from '../journey/world'
import { LEAK, send } from './support/http'
import type { Reply } from './support/http'
import { bootSeeder, createLearners, removeMediaDir, signIn } from './support/seed'
import type { Learner } from './support/seed'
import { startServer } from './support/server'
import type { ServerProcess } from './support/server'
import { until } from './support/wait'

/**
 * Scenario 2 of issue 9's fault tests: the AI server (and the webhooks) accept every connection
 * and never answer. Learners go through everything that touches AI at once — a guided lesson
 * with the AI relay, coach messages, venue feedback (webhook, then the AI client), a milestone
 * attempt scored by the in-process job runner — while another learner keeps buying in the
 * shop. Every write succeeds within its documented timeout (one retry for the AI client) with
 * its fallback, the shop stays fast, and nothing is half-written.
 */

const LEARNERS = 4
const AI_TIMEOUT_MS = 1000
const RELAY_TIMEOUT_MS = 800
const FEEDBACK_TIMEOUT_MS = 800
/** Server work and the client's retry backoff (0.5 s at most) on a busy 2-core machine. */
const SLACK_MS = 2000

const flow: StepData[] = [
  { stepId: 'moment', fieldName: 'moment', inputType: 'textarea', promptTitle: 'Your moment', promptBody: 'Describe the room.', validation: { required: true, minLength: 10 } },
  { stepId: 'line', fieldName: 'line', inputType: 'text', promptTitle: 'Your first line', promptBody: 'Say your opening line.', validation: { required: true, minLength: 3 } },
  { stepId: 'commit', fieldName: 'commit', inputType: 'confirm', promptTitle: 'Commit', promptBody: 'Will you say it tomorrow?' },
]

let server: ServerProcess
let ai: FakeAi
let learners: Learner[]
let shopper: Learner
let world: { moduleId: number; venueId: number; level: number }
let databaseUrl: string
let drop: () => Promise<void>

beforeAll(async () => {
  ;({ url: databaseUrl, drop } = await createTestDatabase())
  ai = await startFakeAi()
  ai.setMode('hang')
  const env = {
    DATABASE_URL: databaseUrl,
    OPENAI_API_KEY: 'fake-key',
    OPENAI_BASE_URL: ai.baseUrl,
    AI_TIMEOUT_MS: String(AI_TIMEOUT_MS),
    LESSON_RELAY_TIMEOUT_MS: String(RELAY_TIMEOUT_MS),
    VENUE_FEEDBACK_WEBHOOK: ai.webhookUrl,
    VENUE_FEEDBACK_TIMEOUT_MS: String(FEEDBACK_TIMEOUT_MS),
    // The scoring queue runs in the process, every 5 s, as in production.
    JOBS_AUTORUN: 'true',
  }
  let created: Awaited<ReturnType<typeof seed>> = []
  ;[server, created] = await Promise.all([startServer(env), seed()])
  const signedIn = await signIn(server.baseUrl, created)
  shopper = signedIn[0] as Learner
  learners = signedIn.slice(1)
}, 180_000)

afterAll(async () => {
  await server?.stop()
  await ai?.close()
  await drop?.()
  removeMediaDir()
})

/** Level 1 with one module (a short guided flow) that unlocks a 1-ticket venue. */
async function seed() {
  const seeder = await bootSeeder(databaseUrl)
  try {
    const [w] = await createWorld(seeder.payload, { districts: 1, modules: 1, venues: 1, steps: flow })
    world = { moduleId: w!.moduleIds[0]!, venueId: w!.venueIds[0]!, level: w!.number }
    const [shopping] = await createLearners(seeder.payload, 1, { coins: 100_000 })
    return [shopping!, ...(await createLearners(seeder.payload, LEARNERS))]
  } finally {
    await seeder.close()
  }
}

type Timed = Reply & { ms: number; what: string }

async function timed(what: string, learner: Learner, method: string, path: string, body?: unknown): Promise<Timed> {
  const began = Date.now()
  const reply = await send(server.baseUrl, method, path, { token: learner.token, body })
  return { ...reply, ms: Date.now() - began, what }
}

/** Everything that touches AI, in the order a learner meets it. */
async function journey(learner: Learner): Promise<Timed[]> {
  const calls: Timed[] = []
  const started = await timed('lesson start', learner, 'POST', '/api/learn/lessons', { moduleId: world.moduleId })
  calls.push(started)
  let step = started.body.step
  const answers: Record<string, unknown> = { moment: 'A board room, twelve people, one question.', line: 'Good morning.', commit: true }
  for (;;) {
    const answer = await timed('lesson answer', learner, 'POST', `/api/learn/lessons/${started.body.sessionId}/answers`, { stepId: step.stepId, value: answers[step.stepId] })
    calls.push(answer)
    if (answer.status !== 200 || answer.body.completed) break
    // The relay timed out: the authored prompt, unchanged.
    expect(answer.body.nextStep.promptBody).toBe(flow.find((s) => s.stepId === answer.body.nextStep.stepId)?.promptBody)
    step = answer.body.nextStep
  }
  calls.push(await timed('coach message', learner, 'POST', '/api/learn/coach/messages', { message: 'How do I open when the room is cold?' }))
  const entry = await timed('venue entry', learner, 'POST', `/api/learn/venues/${world.venueId}/entries`)
  calls.push(entry)
  calls.push(await timed('venue feedback', learner, 'POST', `/api/learn/venues/${world.venueId}/feedback`, { entryId: entry.body.entry?.id, transcript: 'Good evening. I want to talk about courage.' }))
  calls.push(await timed('venue complete', learner, 'POST', `/api/learn/venues/${world.venueId}/complete`))
  calls.push(await timed('milestone attempt', learner, 'POST', `/api/learn/milestones/${world.level}/attempts`, { transcript: 'Friends, today I will ask for the budget we need, and here is why it matters.' }))
  return calls
}

describe('the AI server hanging', () => {
  it('every learner write succeeds within its timeout with its fallback; nothing is half-written', async () => {
    // The shop does not touch AI: it must stay fast while AI calls hang elsewhere.
    let shopping = true
    const shop: Timed[] = []
    const shopLoop = (async () => {
      while (shopping) shop.push(await timed('purchase', shopper, 'POST', '/api/learn/shop/purchases', { item: 'ticket', quantity: 1 }))
    })()
    const began = Date.now()
    const journeys = await Promise.all(learners.map(journey))
    const journeysMs = Date.now() - began
    shopping = false
    await shopLoop

    const calls = journeys.flat()
    const bound: Record<string, number> = {
      'lesson start': SLACK_MS,
      // Answers that lead to another step wait on the relay (AI client, one retry).
      'lesson answer': 2 * RELAY_TIMEOUT_MS + SLACK_MS,
      'coach message': 2 * AI_TIMEOUT_MS + SLACK_MS,
      'venue entry': SLACK_MS,
      // The webhook's timeout, then the AI client's (same timeout, one retry).
      'venue feedback': 3 * FEEDBACK_TIMEOUT_MS + SLACK_MS,
      'venue complete': SLACK_MS,
      // Queued: scored by the job, never inline.
      'milestone attempt': SLACK_MS,
    }
    const worst = new Map<string, number>()
    for (const c of calls) worst.set(c.what, Math.max(worst.get(c.what) ?? 0, c.ms))
    const shopWorst = Math.max(...shop.map((s) => s.ms))
    console.log(
      `[faults/ai] ${LEARNERS} learners, ${calls.length} AI-touching requests in ${journeysMs} ms, slowest by kind (ms): ${JSON.stringify(Object.fromEntries(worst))}; ` +
        `${shop.length} shop purchases meanwhile, slowest ${shopWorst} ms; AI server got ${ai.requests.length} requests, answered none`,
    )
    for (const c of calls) {
      expect([c.what, c.status]).toEqual([c.what, c.what === 'milestone attempt' ? 202 : c.what === 'lesson start' || c.what === 'coach message' || c.what === 'venue entry' || c.what === 'venue feedback' ? 201 : 200])
      expect([c.what, c.ms]).toEqual([c.what, expect.any(Number)])
      expect(c.ms).toBeLessThan(bound[c.what] as number)
      expect(c.text).not.toMatch(LEAK)
    }
    for (const c of calls.filter((x) => x.what === 'coach message' || x.what === 'venue feedback')) expect(c.body.source).toBe('fallback')
    expect(calls.filter((c) => c.what === 'lesson answer' && c.body.completed)).toHaveLength(LEARNERS)
    expect(shop.every((s) => s.status === 201)).toBe(true)
    expect(shopWorst).toBeLessThan(SLACK_MS)
    // The AI was really asked (and hung): relay, coach, feedback webhook and the AI after it.
    expect(ai.requests.filter((r) => r.path.endsWith('/chat/completions')).length).toBeGreaterThanOrEqual(LEARNERS * 4)
    expect(ai.requests.filter((r) => r.path === '/webhook').length).toBe(LEARNERS)

    // The scoring job gives up on the hanging AI: failed_to_score, no invented score, no reward.
    await until(
      async () => {
        const views = await Promise.all(learners.map((l) => send(server.baseUrl, 'GET', `/api/learn/milestones/${world.level}`, { token: l.token })))
        return views.every((v) => v.body.attempts?.[0]?.status === 'failed_to_score')
      },
      5000 + 2 * AI_TIMEOUT_MS * LEARNERS + 10_000,
      'the scoring job to give up on the hanging AI',
      250,
    )
    // Every call the server made was ended by its own timeout: no connection left hanging.
    await until(() => ai.hanging() === 0, 5000, 'the server to close its hanging AI connections')

    const sql = new pg.Pool({ connectionString: databaseUrl, max: 2 })
    try {
      const ids = learners.map((l) => l.id)
      const one = async (text: string) => (await sql.query(text, [ids])).rows
      // The lesson: every answer stored, the session complete, the module paid once.
      expect(await one(`SELECT count(*)::int AS n FROM lesson_step_responses r JOIN lesson_sessions s ON s.id = r.session_id WHERE s.user_id = ANY($1)`)).toEqual([{ n: LEARNERS * flow.length }])
      expect(await one(`SELECT state, count(*)::int AS n FROM lesson_sessions WHERE user_id = ANY($1) GROUP BY state`)).toEqual([{ state: 'completed', n: LEARNERS }])
      expect(await one(`SELECT reason, currency::text AS currency, count(*)::int AS n FROM reward_ledger WHERE user_id = ANY($1) GROUP BY 1, 2 ORDER BY 1, 2`)).toEqual([
        { reason: 'module_complete', currency: 'tickets', n: LEARNERS },
        { reason: 'module_complete', currency: 'xp', n: LEARNERS },
        { reason: 'venue_complete', currency: 'coins', n: LEARNERS },
        { reason: 'venue_complete', currency: 'xp', n: LEARNERS },
        { reason: 'venue_entry', currency: 'tickets', n: LEARNERS },
      ])
      // Coach: both turns of each exchange kept, the fallback as the answer.
      expect(await one(`SELECT message_count::int AS n, messages->1->>'role' AS role FROM coach_conversations WHERE user_id = ANY($1)`)).toEqual(Array(LEARNERS).fill({ n: 2, role: 'assistant' }))
      // Feedback: stored as the entry's practice with its fallback source, the entry completed.
      expect(await one(`SELECT status, practice_count::int AS n FROM venue_entries WHERE user_id = ANY($1)`)).toEqual(Array(LEARNERS).fill({ status: 'completed', n: 1 }))
      expect(await one(`SELECT count(*)::int AS n FROM analytics_events WHERE user_id = ANY($1) AND type = 'venue_session_feedback_error'`)).toEqual([{ n: LEARNERS }])
      // Milestones: failed to score, no score, no reward (checked in the ledger above).
      expect(await one(`SELECT status, score, scoring_error FROM milestone_attempts WHERE user_id = ANY($1)`)).toEqual(Array(LEARNERS).fill({ status: 'failed_to_score', score: null, scoring_error: 'rubric: error' }))
      expect(await findBalanceMismatches(sql)).toEqual([])
    } finally {
      await sql.end()
    }
  })
})
