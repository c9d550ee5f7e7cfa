import type { Payload } from 'payload'

import { chatText } from '../ai/client'
import type { ChatTurn } from '../ai/client'

const DEFAULT_PERSONA =
  'You are the SpeakPro guide on the public website. Answer briefly and warmly about what SpeakPro offers and how to start.'
const DEFAULT_HINT = 'Ask me about the lessons, the practice venues, or how to start free.'

/** The history a client may send is advice, not authority: only user/assistant turns, the last six. */
export function trustedHistory(history: { role: string; content: string }[]): ChatTurn[] {
  return history
    .filter((t): t is ChatTurn => (t.role === 'user' || t.role === 'assistant') && t.content.trim().length > 0)
    .slice(-6)
}

const words = (text: string) => new Set(text.toLowerCase().match(/[a-z0-9€$]+/g) ?? [])

/** The fallback hint sharing the most words with the question (the first when none does). */
export function fallbackHint(message: string, hints: string[]): string {
  if (!hints.length) return DEFAULT_HINT
  const asked = words(message)
  let best = hints[0] as string
  let bestScore = 0
  for (const hint of hints) {
    const score = [...words(hint)].filter((w) => w.length > 3 && asked.has(w)).length
    if (score > bestScore) {
      best = hint
      bestScore = score
    }
  }
  return best
}

/**
 * The public landing-page assistant (spec R23, without its holes): the persona and fallback
 * hints come from the `landing` global, the client's history is filtered, and any AI failure
 * (or no key) answers with the best-matching hint instead of an error.
 */
export async function landingReply(payload: Payload, message: string, history: { role: string; content: string }[]) {
  const landing = await payload.findGlobal({ slug: 'landing', depth: 0, overrideAccess: true })
  const persona = landing.chat?.persona?.trim() || DEFAULT_PERSONA
  const hints = (landing.chat?.fallbackHints ?? []).filter((h): h is string => typeof h === 'string' && h.trim().length > 0)
  const fallback = fallbackHint(message, hints)
  const reply = await chatText({ system: persona, user: message, history: trustedHistory(history), maxTokens: 220 }, fallback)
  return { reply: reply.text, source: reply.source }
}
