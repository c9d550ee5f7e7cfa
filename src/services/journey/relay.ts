import { chatText } from '../../ai/client'
import type { Step } from './steps'

const MAX_PROMPT = 2000

export type RelayInput = { moduleCode: string; sessionId: string; answered: Step; answer: unknown; next: Step }

const relayTimeout = () => Number(process.env.LESSON_RELAY_TIMEOUT_MS) || 5000

/**
 * The optional AI relay of a guided lesson (spec §3.7 step 5, DESIGN §6): after an answer is
 * saved, a per-module webhook (`LESSON_RELAY_WEBHOOK_<CODE>`, or `LESSON_RELAY_WEBHOOK` for
 * all) or else the AI client may word the next prompt. It runs outside the answer's
 * transaction, with a timeout, and any failure — down, slow, non-2xx, malformed — returns
 * null so the authored prompt is used: a dead relay never blocks a learner. Only the answer
 * text and session id leave the server, never who the learner is.
 */
export async function relayNextPrompt(input: RelayInput): Promise<string | null> {
  const webhook = process.env[`LESSON_RELAY_WEBHOOK_${input.moduleCode}`] || process.env.LESSON_RELAY_WEBHOOK
  const message = typeof input.answer === 'string' ? input.answer : JSON.stringify(input.answer)
  if (webhook) {
    try {
      const res = await fetch(webhook, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ message, stepId: input.answered.stepId, nextStepId: input.next.stepId, sessionId: input.sessionId, module: input.moduleCode, timestamp: new Date().toISOString() }),
        signal: AbortSignal.timeout(relayTimeout()),
      })
      if (!res.ok) return null
      const body = (await res.json()) as { output?: unknown; module1_test_response?: { output?: unknown } }
      const output = typeof body?.output === 'string' ? body.output : body?.module1_test_response?.output
      return typeof output === 'string' && output.trim() ? output.trim().slice(0, MAX_PROMPT) : null
    } catch {
      return null
    }
  }
  const authored = input.next.promptBody ?? ''
  const reply = await chatText(
    {
      system:
        'You are a calm speaking coach in a guided lesson. In at most three sentences: acknowledge the learner\'s last answer specifically, then ask the next question exactly as given. No lists, no headings.',
      user: `Last question: ${input.answered.promptTitle}\nLearner's answer: ${message.slice(0, 2000)}\nNext question: ${input.next.promptTitle}. ${authored}`,
      maxTokens: 200,
    },
    '',
    { timeoutMs: relayTimeout() },
  )
  return reply.source === 'ai' && reply.text ? reply.text.slice(0, MAX_PROMPT) : null
}
