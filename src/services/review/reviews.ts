import { sql } from '@payloadcms/db-postgres'
import type { SQL } from '@payloadcms/db-postgres/drizzle'

import { now } from '../../clock'
import type { Tx } from '../../db/transaction'
import { HttpError } from '../../endpoints/http'
import { addDays, localDay, startOfLocalDay } from '../activity/days'
import { recordActivity } from '../activity/record'
import { toZoneState, zoneAt, zoneColumns } from '../activity/timezone'
import type { ZoneRow } from '../activity/timezone'
import { grant } from '../economy/ledger'
import { recordEvents } from '../events'
import { nextCard, stateName, toCard } from './schedule'
import type { CardRow, ReviewRating } from './schedule'

/**
 * New cards, due at once, for the blocks `blocks` selects (as `kb`); a block already in review
 * keeps its card. Prepared under `name`, one per caller (each passes one fixed text).
 */
async function addCards(tx: Tx, user: number, blocks: SQL, name: string): Promise<void> {
  const at = now()
  await tx.query(sql`
    INSERT INTO review_cards (user_id, knowledge_block_id, module_id, state, due, stability, difficulty, elapsed_days,
                              scheduled_days, learning_steps, reps, lapses, created_at, updated_at)
    SELECT ${user}, kb.id, kb.module_id, 'new', ${at}, 0, 0, 0, 0, 0, 0, 0, ${at}, ${at}
      ${blocks}
    ON CONFLICT (user_id, knowledge_block_id) DO NOTHING`, name)
}

/** A completed module's published knowledge blocks enter review. Runs in the completion's transaction. */
export const enrollModuleBlocks = (tx: Tx, user: number, moduleId: number): Promise<void> =>
  addCards(tx, user, sql`FROM knowledge_blocks kb WHERE kb.module_id = ${moduleId} AND kb._status = 'published'`, 'review-enroll-module')

/**
 * The same for every module the learner has completed: blocks published after the learner
 * finished their module, and learners who finished modules before review existed, join the
 * schedule the next time they look at it. One statement; nothing happens when all are in.
 */
const enrollCompletedModules = (tx: Tx, user: number): Promise<void> =>
  addCards(
    tx,
    user,
    sql`FROM knowledge_blocks kb
      JOIN user_progress up ON up.module_id = kb.module_id AND up.user_id = ${user} AND up.completed
     WHERE kb._status = 'published'
       AND NOT EXISTS (SELECT 1 FROM review_cards c WHERE c.user_id = ${user} AND c.knowledge_block_id = kb.id)`,
    'review-enroll-completed',
  )

/** The zone the learner's day follows at `now()`; `lock` queues this learner's other actions behind the caller. */
async function timezoneOf(tx: Tx, user: number, lock = false): Promise<string> {
  const [row] = await tx.query<ZoneRow>(
    sql`SELECT ${zoneColumns('u')} FROM users u WHERE u.id = ${user}${lock ? sql` FOR UPDATE` : sql``}`,
  )
  return row ? zoneAt(toZoneState(row), now()) : 'UTC'
}

/** When the learner-local day of `at` ends: everything due before then is due "today". */
const endOfLocalDay = (at: Date, timeZone: string): Date => startOfLocalDay(addDays(localDay(at, timeZone), 1), timeZone)

const MAX_DUE_LIST = 100

/**
 * GET /api/learn/review/due — the learner's cards due by the end of their local day (the
 * profile's time zone decides where "today" ends), oldest first, with the block to review.
 */
export async function dueReviews(tx: Tx, user: number, { limit = 50 }: { limit?: number } = {}) {
  await enrollCompletedModules(tx, user)
  const at = now()
  const timeZone = await timezoneOf(tx, user)
  const dueBefore = endOfLocalDay(at, timeZone)
  const rows = await tx.query<{
    block: number
    title: string
    summary: string | null
    module: number
    code: string
    name: string
    state: string
    due: string
    reps: string
    lapses: string
    last_review: string | null
  }>(sql`
    SELECT c.knowledge_block_id AS block, kb.title, kb.summary, c.module_id AS module, m.code, m.name,
           c.state, c.due, c.reps, c.lapses, c.last_review
      FROM review_cards c
      JOIN knowledge_blocks kb ON kb.id = c.knowledge_block_id AND kb._status = 'published'
      JOIN modules m ON m.id = c.module_id
     WHERE c.user_id = ${user} AND c.due < ${dueBefore}
     ORDER BY c.due, c.id
     LIMIT ${Math.min(Math.max(1, limit), MAX_DUE_LIST) + 1}`)
  const [counts] = await tx.query<{ next: string | null; total: string }>(sql`
    SELECT min(c.due) FILTER (WHERE c.due >= ${dueBefore}) AS next, count(*) AS total
      FROM review_cards c JOIN knowledge_blocks kb ON kb.id = c.knowledge_block_id AND kb._status = 'published'
     WHERE c.user_id = ${user}`)
  const shown = rows.slice(0, Math.min(Math.max(1, limit), MAX_DUE_LIST))
  return {
    day: localDay(at, timeZone),
    timezone: timeZone,
    dueBefore: dueBefore.toISOString(),
    items: shown.map((r) => ({
      knowledgeBlock: { id: Number(r.block), title: r.title, summary: r.summary ?? '' },
      module: { id: Number(r.module), code: r.code, name: r.name },
      state: r.state,
      due: new Date(r.due).toISOString(),
      reps: Number(r.reps),
      lapses: Number(r.lapses),
      lastReview: r.last_review ? new Date(r.last_review).toISOString() : null,
    })),
    hasMore: rows.length > shown.length,
    inReview: Number(counts?.total ?? 0),
    nextDueAt: counts?.next ? new Date(counts.next).toISOString() : null,
  }
}

export type ReviewInput = {
  knowledgeBlockId: number
  rating: ReviewRating
  /** The app's id of this review; a second review with it is a replay. */
  clientId: string
  /** What the client said the time was (kept for the record; `now()` is what counts). */
  clientReviewedAt: Date | null
  /** Whether `now()` is the client's time (trusted) rather than the server's. */
  clientTimeTrusted: boolean
}

type CardWithId = CardRow & { id: number; module_id: number }

/**
 * POST /api/learn/review/:knowledgeBlockId — one review, at `now()` (the trusted client time
 * of the action, else the server's). FSRS schedules the next one; the review counts as the
 * `review` activity (streak, quests); a review of a card that was due pays `reviewXp`, up to
 * `reviewXpPerDay` per learner-local day, whatever the rating (an honest "again" earns as much
 * as "easy", so nobody is paid to lie). A replay of the same client id returns the first answer
 * and changes nothing.
 */
export async function reviewBlock(tx: Tx, user: number, input: ReviewInput) {
  // Every action of one learner queues on their row: the replay check and the daily cap
  // below see what the previous review committed.
  const timeZone = await timezoneOf(tx, user, true)

  const [earlier] = await tx.query<{ block: number; rating: string; response: unknown }>(sql`
    SELECT knowledge_block_id AS block, rating, response FROM review_logs WHERE user_id = ${user} AND client_id = ${input.clientId}`)
  if (earlier) {
    if (Number(earlier.block) !== input.knowledgeBlockId || earlier.rating !== input.rating) {
      throw new HttpError(422, 'client_id_reused', 'This review id was already used for another review.')
    }
    return { ...(earlier.response as Record<string, unknown>), replayed: true }
  }

  const [block] = await tx.query<{ id: number }>(sql`
    SELECT id FROM knowledge_blocks WHERE id = ${input.knowledgeBlockId} AND _status = 'published'`)
  if (!block) throw new HttpError(404, 'not_found', 'No such knowledge block.')
  await enrollCompletedModules(tx, user)
  const [row] = await tx.query<CardWithId>(sql`
    SELECT id, module_id, state, due, stability, difficulty, elapsed_days, scheduled_days, learning_steps, reps, lapses, last_review
      FROM review_cards WHERE user_id = ${user} AND knowledge_block_id = ${input.knowledgeBlockId} FOR UPDATE`)
  if (!row) throw new HttpError(409, 'not_in_review', 'Complete this block’s module first; its blocks then enter review.')

  const at = now()
  const card = toCard(row)
  // Reviews replayed out of order must not run FSRS backwards: one older than the card's last
  // review is scheduled as if it happened right after it.
  const scheduledAt = card.last_review && card.last_review > at ? card.last_review : at
  const next = nextCard(card, scheduledAt, input.rating)
  const day = localDay(at, timeZone)
  const wasDue = card.due < endOfLocalDay(at, timeZone)

  const activity = await recordActivity(tx, user, 'review')
  const [settings] = await tx.query<{ xp: string | null; cap: string | null }>(sql`SELECT review_xp AS xp, review_xp_per_day AS cap FROM economy LIMIT 1`)
  const perReview = settings?.xp == null ? 5 : Number(settings.xp)
  const cap = settings?.cap == null ? 50 : Number(settings.cap)
  const [paid] = await tx.query<{ xp: string | null }>(sql`
    SELECT sum(xp_earned) AS xp FROM review_logs WHERE user_id = ${user} AND local_day = ${day}`)
  const paidToday = Number(paid?.xp ?? 0)
  const xp = wasDue ? Math.max(0, Math.min(perReview, cap - paidToday)) : 0

  const state = stateName(next.state)
  await tx.query(sql`
    UPDATE review_cards SET state = ${state}, due = ${next.due}, stability = ${next.stability}, difficulty = ${next.difficulty},
           elapsed_days = ${next.elapsed_days}, scheduled_days = ${next.scheduled_days}, learning_steps = ${next.learning_steps},
           reps = ${next.reps}, lapses = ${next.lapses}, last_review = ${next.last_review ?? scheduledAt}, updated_at = ${at}
     WHERE id = ${row.id}`)
  const response = {
    knowledgeBlockId: input.knowledgeBlockId,
    rating: input.rating,
    reviewedAt: at.toISOString(),
    clientTimeTrusted: input.clientTimeTrusted,
    day,
    card: {
      state,
      due: next.due.toISOString(),
      scheduledDays: next.scheduled_days,
      stability: next.stability,
      difficulty: next.difficulty,
      reps: next.reps,
      lapses: next.lapses,
    },
    xpEarned: xp,
    xpLeftToday: Math.max(0, cap - paidToday - xp),
    streak: activity.streak,
    replayed: false,
  }
  const [log] = await tx.query<{ id: number }>(sql`
    INSERT INTO review_logs (user_id, card_id, knowledge_block_id, client_id, rating, reviewed_at, client_reviewed_at, local_day,
                             state_before, state, scheduled_days, next_due, xp_earned, response, created_at, updated_at)
    VALUES (${user}, ${row.id}, ${input.knowledgeBlockId}, ${input.clientId}, ${input.rating}, ${at}, ${input.clientReviewedAt},
            ${day}, ${row.state}, ${state}, ${next.scheduled_days}, ${next.due}, ${xp}, ${JSON.stringify(response)}::jsonb, ${at}, ${at})
    RETURNING id`)
  if (xp > 0) {
    await grant(tx, { user, currency: 'xp', amount: xp, reason: 'review', sourceType: 'review-logs', sourceId: log?.id, key: `review:${log?.id}:xp` })
  }
  await recordEvents(tx, user, [{ type: 'review_complete', data: { knowledge_block_id: input.knowledgeBlockId, rating: input.rating, state, xp_earned: xp } }])
  return response
}
