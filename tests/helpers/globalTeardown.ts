import fs from 'node:fs'

export default async function globalTeardown(): Promise<void> {
  const db = (globalThis as Record<string, unknown>).__speakproTestDb as
    | { stop: () => Promise<void>; dataDir: string }
    | undefined
  if (!db) return
  await db.stop()
  fs.rmSync(db.dataDir, { recursive: true, force: true })
}
