import { send } from './http'
import type { Reply, SendOptions } from './http'
import { pause } from './wait'

export type Call = { label: string; method: string; path: string; options: SendOptions; meta?: Record<string, unknown> }

export type Outcome = Call & {
  startedAt: number
  endedAt: number
  reply?: Reply
  /** A network failure instead of an answer (`ECONNREFUSED` after SIGTERM …). */
  error?: string
}

export type Load = {
  outcomes: Outcome[]
  /** How many of the outcomes so far match `predicate`. */
  count: (predicate: (o: Outcome) => boolean) => number
  /** Stops issuing requests and waits for the ones in flight. */
  stop: () => Promise<Outcome[]>
}

/**
 * `workers` concurrent loops, each sending `next(worker, n)` until stopped. After a failed
 * request a worker pauses `backoffMs` (a client honouring Retry-After, shortened for the test)
 * so an outage does not turn into a busy loop.
 */
export function startLoad(baseUrl: string, workers: number, next: (worker: number, n: number) => Call, backoffMs = 25): Load {
  const outcomes: Outcome[] = []
  let running = true
  const loops = Array.from({ length: workers }, async (_, worker) => {
    for (let n = 0; running; n++) {
      const call = next(worker, n)
      const startedAt = Date.now()
      const outcome: Outcome = { ...call, startedAt, endedAt: 0 }
      try {
        outcome.reply = await send(baseUrl, call.method, call.path, call.options)
      } catch (error) {
        outcome.error = (error as { code?: string }).code ?? (error as Error).message
      }
      outcome.endedAt = Date.now()
      outcomes.push(outcome)
      const ok = outcome.reply && outcome.reply.status < 300
      if (!ok) await pause(backoffMs)
    }
  })
  return {
    outcomes,
    count: (predicate) => outcomes.filter(predicate).length,
    stop: async () => {
      running = false
      await Promise.all(loops)
      return outcomes
    },
  }
}
