/** Polls `check` until it returns true; throws after `ms` (deadlines, never sleeps as assertions). */
export async function until(check: () => Promise<boolean> | boolean, ms: number, what: string, everyMs = 50): Promise<void> {
  const deadline = Date.now() + ms
  for (;;) {
    if (await Promise.resolve()
      .then(check)
      .catch(() => false))
      return
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`)
    await pause(everyMs)
  }
}

export const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))
