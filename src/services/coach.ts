import { sql } from '@payloadcms/db-postgres'

import { chatText } from '../ai/client'
import type { ChatTurn } from '../ai/client'
import { now } from '../clock'
import type { Tx } from '../db/transaction'
import { HttpError } from '../endpoints/http'
import { recordActivity } from './activity/record'
import { recordEvents } from './events'
import { journeyOf } from './journey/views'
import { stakesMapContext } from './stakesMaps'

type Block = { id: number; title: string; summary: string | null }
type Drill = { key: string; title: string }
type Turn = ChatTurn & { at: string; sources?: { id: number; title: string }[]; suggestedDrill?: Drill | null }

export type CoachContext = {
  conversationId: number | null
  module: { id: number; code: string; name: string } | null
  blocks: Block[]
  drills: Drill[]
  /** The learner's stakes maps as prompt lines: what they are preparing for. */
  stakes: string[]
  history: Turn[]
}

const words = (text: string) => new Set((text.toLowerCase().match(/[a-z]{4,}/g) ?? []).filter((w) => !['what', 'with', 'that', 'this', 'have', 'about', 'your'].includes(w)))
const overlap = (a: Set<string>, text: string) => [...words(text)].filter((w) => a.has(w)).length

/** The conversation (the caller's own, else 404), the current module and its knowledge blocks, the drills. */
export async function coachContext(tx: Tx, user: number, conversationId: number | undefined): Promise<CoachContext> {
  let history: Turn[] = []
  if (conversationId !== undefined) {
    const [row] = await tx.query<{ messages: Turn[] }>(sql`SELECT messages FROM coach_conversations WHERE id = ${conversationId} AND user_id = ${user}`)
    if (!row) throw new HttpError(404, 'not_found', 'No such conversation.')
    history = row.messages
  }
  const journey = await journeyOf(tx, user)
  const current = journey.resumeModule() ?? journey.world.modules.find((m) => journey.moduleStatus(m) === 'complete')
  const blocks = current
    ? await tx.query<Block>(sql`SELECT id, title, summary FROM knowledge_blocks WHERE module_id = ${current.id} AND _status = 'published' ORDER BY "order", id`)
    : []
  const drills = await tx.query<Drill>(sql`SELECT key, title FROM amphitheatre_exercises WHERE _status = 'published' ORDER BY rotation_order, id`)
  return {
    conversationId: conversationId ?? null,
    module: current ? { id: current.id, code: current.code, name: current.name } : null,
    blocks: blocks.map((b) => ({ ...b, id: Number(b.id) })),
    drills,
    stakes: await stakesMapContext(tx, user, { limit: 2 }),
    history,
  }
}

/**
 * The coach's answer: grounded in the current module's knowledge blocks (the ones that share
 * the most words with the question become `sources`), with a `suggestedDrill` from the
 * amphitheatre exercises. The AI words it; without it (no key, down, slow, malformed) a
 * deterministic answer is built from the same sources, so the learner always gets help.
 */
export async function coachAnswer(context: CoachContext, message: string) {
  const asked = words(message)
  const ranked = [...context.blocks].sort((a, b) => overlap(asked, `${b.title} ${b.summary ?? ''}`) - overlap(asked, `${a.title} ${a.summary ?? ''}`))
  const sources = ranked.slice(0, 2)
  const drill = [...context.drills].sort((a, b) => overlap(asked, b.title) - overlap(asked, a.title))[0] ?? null
  const first = sources[0]
  const fallback = first
    ? `Hold on to this idea from ${context.module?.name ?? 'your module'}: ${first.title}. ${(first.summary ?? '').split(/(?<=[.!?])\s/)[0] ?? ''}${drill ? ` Then try the "${drill.title}" drill.` : ''}`.trim()
    : "I'm here to help you learn. Ask about the current concept, or ask for a simpler explanation."
  const reply = await chatText(
    {
      system: [
        'You are the SpeakPro coach for high-stakes speaking. Answer in at most four sentences, concretely, using the lesson notes below when they help.',
        context.module ? `The learner is working on module ${context.module.code}: ${context.module.name}.` : '',
        ...sources.map((s) => `Lesson note "${s.title}": ${(s.summary ?? '').slice(0, 800)}`),
        ...context.stakes,
        drill ? `If practice would help, suggest the drill "${drill.title}".` : '',
      ]
        .filter(Boolean)
        .join('\n'),
      user: message,
      history: context.history.slice(-6).map((t) => ({ role: t.role, content: t.content })),
      maxTokens: 300,
    },
    fallback,
  )
  return { reply: reply.text, source: reply.source, sources: sources.map((s) => ({ id: s.id, title: s.title })), suggestedDrill: drill }
}

/** Appends the exchange to the conversation (creating it), records `coach_question` and the activity. */
export async function saveExchange(tx: Tx, user: number, context: CoachContext, message: string, answer: Awaited<ReturnType<typeof coachAnswer>>) {
  const at = now().toISOString()
  const turns: Turn[] = [
    { role: 'user', content: message, at },
    { role: 'assistant', content: answer.reply, at, sources: answer.sources, suggestedDrill: answer.suggestedDrill },
  ]
  let id = context.conversationId
  if (id === null) {
    const [row] = await tx.query<{ id: number }>(sql`
      INSERT INTO coach_conversations (user_id, module_id, messages, message_count, created_at, updated_at)
      VALUES (${user}, ${context.module?.id ?? null}, ${JSON.stringify(turns)}::jsonb, 2, ${at}, ${at}) RETURNING id`)
    id = Number(row?.id)
  } else {
    // Appended in SQL, so two messages sent at once both stay (no read-modify-write of the list).
    const [row] = await tx.query<{ id: number }>(sql`
      UPDATE coach_conversations SET messages = messages || ${JSON.stringify(turns)}::jsonb, message_count = message_count + 2, updated_at = ${at}
       WHERE id = ${id} AND user_id = ${user} RETURNING id`)
    if (!row) throw new HttpError(404, 'not_found', 'No such conversation.')
  }
  await recordActivity(tx, user, 'coach_message')
  await recordEvents(tx, user, [{ type: 'coach_question', data: { module: context.module?.code ?? null, question_length: message.length, source: answer.source } }])
  return id
}
