import { AsyncLocalStorage } from 'node:async_hooks'

/**
 * The one source of "now" for every rule (days, streaks, quests, weeks). Tests replace it to
 * move between days; services pass `now()` to SQL as a parameter instead of calling `now()`
 * in the database, so the database and the code always agree on the time.
 * (Jest's fake timers would hang `pg`, so time is injected instead.)
 */
type Clock = () => Date

let current: Clock = () => new Date()

/** The time of the action being applied, when it is not the server's (a queued offline action). */
const actionTime = new AsyncLocalStorage<{ at: Date; client: boolean }>()

/** Now, as the rules see it: the time of the action being applied, else the server's clock. */
export const now = (): Date => {
  const action = actionTime.getStore()
  return action ? new Date(action.at) : current()
}

/**
 * The server's own clock, whatever action is being applied: for bookkeeping that must not move
 * with a client's time (how long stored answers are kept, rate-limit windows, trust windows).
 */
export const serverNow = (): Date => current()

/**
 * Runs `fn` with `now()` fixed at `at`: every rule inside (streak day, quest day, daily caps,
 * ledger times) sees the time the learner acted. Callers decide whether a time is trusted
 * (src/services/clientTime.ts); this only applies it.
 */
export const atActionTime = <T>(at: Date, fn: () => Promise<T>, { client = true }: { client?: boolean } = {}): Promise<T> =>
  actionTime.run({ at: new Date(at), client }, fn)

/** Whether `now()` is a client's (trusted) time rather than the server's. */
export const isClientTime = (): boolean => actionTime.getStore()?.client ?? false

/** For tests: pin or move the clock. Returns a function that restores the real one. */
export function setClock(clock: Clock | Date): () => void {
  current = clock instanceof Date ? () => new Date(clock) : clock
  return () => {
    current = () => new Date()
  }
}
