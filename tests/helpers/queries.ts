import type pg from 'pg'

/**
 * Records every statement the pool's clients send while `fn` runs (through a wrapper on the
 * client prototype, so clients already in the pool are covered). Used to hold hot paths to a
 * fixed number of round trips: a count that grows with the data is an N+1.
 */
export async function recordQueries(pool: pg.Pool, fn: () => Promise<unknown>): Promise<string[]> {
  return (await recordStatements(pool, fn)).map((s) => s.text)
}

/** The same, with each statement's name when it was sent as a named prepared statement. */
export async function recordStatements(pool: pg.Pool, fn: () => Promise<unknown>): Promise<{ name?: string; text: string }[]> {
  const client = await pool.connect()
  const proto = Object.getPrototypeOf(client) as { query: (...args: unknown[]) => unknown }
  client.release()
  const original = proto.query
  const seen: { name?: string; text: string }[] = []
  proto.query = function (this: unknown, ...args: unknown[]) {
    const first = args[0] as string | { name?: string; text?: string }
    const text = (typeof first === 'string' ? first : (first?.text ?? '')).replace(/\s+/g, ' ').trim()
    seen.push(typeof first === 'string' || !first?.name ? { text } : { name: first.name, text })
    return original.apply(this, args)
  }
  try {
    await fn()
  } finally {
    proto.query = original
  }
  return seen
}
