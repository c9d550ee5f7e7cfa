import { chatText } from '../../ai/client'
import type { EventType } from '../../events'

export type VenueFeedback = {
  text: string
  source: 'webhook' | 'ai' | 'fallback'
  /** What analytics record about the attempt (spec §3.11): webhook success, or the failure that led to a fallback. */
  event: { type: EventType; data: Record<string, unknown> } | null
}

const FALLBACK = 'Philosopher: no reflection available yet. Try again in a moment.'
const MAX_FEEDBACK = 2000

/** The reply text of a webhook body, in the shapes the original accepted (spec §3.11). */
function textOf(body: unknown): string | null {
  if (typeof body === 'string') return body
  if (!body || typeof body !== 'object' || Array.isArray(body)) return null
  const b = body as Record<string, unknown>
  for (const key of ['greek_amphitheatre_response', 'greek_amphitheatre']) {
    const output = (b[key] as { output?: unknown } | undefined)?.output
    if (typeof output === 'string') return output
    const text = (output as { text?: unknown } | undefined)?.text
    if (typeof text === 'string') return text
  }
  for (const key of ['output', 'message', 'response', 'reply', 'text']) if (typeof b[key] === 'string') return b[key] as string
  return null
}

/**
 * Spec §3.11 venue feedback, without its failure modes: the webhook (`VENUE_FEEDBACK_WEBHOOK`,
 * never a hard-coded URL) if configured, else the AI client as the Philosopher, else a fixed
 * line. Each has a timeout; nothing here throws; only the transcript and venue leave the server.
 */
export async function venueFeedback(venue: { id: number; name: string }, entryId: number, transcript: string): Promise<VenueFeedback> {
  const webhook = process.env.VENUE_FEEDBACK_WEBHOOK
  const timeout = Number(process.env.VENUE_FEEDBACK_TIMEOUT_MS) || 8000
  let error: string | undefined
  if (webhook) {
    try {
      const res = await fetch(webhook, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ venue_id: venue.id, venue_name: venue.name, transcript, session_id: entryId }),
        signal: AbortSignal.timeout(timeout),
      })
      const raw = await res.text()
      let parsed: unknown = raw
      try {
        parsed = JSON.parse(raw)
      } catch {
        // plain text is a valid answer
      }
      const text = res.ok ? textOf(parsed)?.trim() : null
      if (text) {
        return {
          text: text.slice(0, MAX_FEEDBACK),
          source: 'webhook',
          event: { type: 'venue_session_webhook_success', data: { venue_id: venue.id, session_id: entryId, status_code: res.status, excerpt: text.slice(0, 180) } },
        }
      }
      error = res.ok ? 'webhook: no message text' : `webhook: HTTP ${res.status}`
    } catch (e) {
      error = `webhook: ${e instanceof Error ? e.name : 'failed'}`
    }
  }
  const reply = await chatText(
    {
      system:
        'You are the Philosopher, a speaking coach. Be concise and encouraging: at most two sentences. Acknowledge what the speaker said, then nudge them toward presence or clarity. Warm, never generic.',
      user: `The practice is happening inside the ${venue.name}. The speaker just said: "${transcript.slice(0, 4000)}"`,
      maxTokens: 160,
    },
    FALLBACK,
    { timeoutMs: timeout },
  )
  if (reply.source === 'ai') {
    const event = error ? { type: 'venue_session_feedback_error' as const, data: { venue_id: venue.id, session_id: entryId, error } } : null
    return { text: reply.text.slice(0, MAX_FEEDBACK), source: 'ai', event }
  }
  return {
    text: FALLBACK,
    source: 'fallback',
    event: { type: 'venue_session_feedback_error', data: { venue_id: venue.id, session_id: entryId, error: error ?? 'ai: unavailable' } },
  }
}
