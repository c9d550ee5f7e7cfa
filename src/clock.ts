/**
 * The one source of "now" for every rule (days, streaks, quests, weeks). Tests replace it to
 * move between days; services pass `now()` to SQL as a parameter instead of calling `now()`
 * in the database, so the database and the code always agree on the time.
 * (Jest's fake timers would hang `pg`, so time is injected instead.)
 */
type Clock = () => Date

let current: Clock = () => new Date()

export const now = (): Date => current()

/** For tests: pin or move the clock. Returns a function that restores the real one. */
export function setClock(clock: Clock | Date): () => void {
  current = clock instanceof Date ? () => new Date(clock) : clock
  return () => {
    current = () => new Date()
  }
}
