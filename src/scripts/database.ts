// First: `.env` must be in process.env before DATABASE_URL and the embedded settings are read.
import '../loadDotEnv'

import path from 'node:path'

import { EmbeddedDatabaseError, startEmbeddedPostgres } from '../db/embedded'
import { EnvError, loadEnv } from '../env'
import { BackupError, redact } from '../services/backup'

/** A wrong command line: printed with the usage, exit code 2. */
export class ArgsError extends Error {}

/**
 * Runs a script body against the app's database URL, without booting Payload: the backup
 * scripts only hand the URL to pg_dump / pg_restore, and a restore must not migrate the target
 * first. The database is the one the app would use: DATABASE_URL, or the embedded server started
 * exactly as `bootPayload` starts it (same data dir, port and database name).
 * Exit codes: 0 done, 1 failed, 2 refused before anything was done (arguments, non-empty target).
 */
export async function withDatabase(usage: string, body: (databaseUrl: string) => Promise<void>): Promise<void> {
  let stop: (() => Promise<void>) | undefined
  let code = 0
  try {
    // These scripts sign nothing: a placeholder keeps loadEnv from requiring (or generating) PAYLOAD_SECRET.
    const env = loadEnv({ ...process.env, PAYLOAD_SECRET: process.env.PAYLOAD_SECRET || 'unused-by-backup-scripts'.padEnd(32, '-') })
    let databaseUrl = env.DATABASE_URL
    if (!databaseUrl) {
      const db = await startEmbeddedPostgres({
        dataDir: env.DATA_DIR,
        port: env.EMBEDDED_PG_PORT,
        database: env.DB_PUSH ? 'speakpro_push' : 'speakpro',
      })
      console.log(`embedded PostgreSQL on 127.0.0.1:${env.EMBEDDED_PG_PORT} (data in ${db.pgDir})`)
      databaseUrl = db.url
      stop = db.stop
      for (const signal of ['SIGINT', 'SIGTERM'] as const) {
        process.once(signal, () => void db.stop().finally(() => process.exit(130)))
      }
    }
    await body(databaseUrl)
  } catch (error) {
    if (error instanceof ArgsError) {
      console.error(`${error.message}\n${usage}`)
      code = 2
    } else if (error instanceof BackupError) {
      console.error(error.message)
      code = error.exitCode
    } else if (error instanceof EnvError || error instanceof EmbeddedDatabaseError) {
      console.error(error.message)
      code = 1
    } else {
      // Unexpected: the whole error helps, but never with the password in it.
      console.error(redact(error instanceof Error ? (error.stack ?? error.message) : String(error), [passwordOf(process.env.DATABASE_URL)]))
      code = 1
    }
  } finally {
    await stop?.().catch((error: unknown) => console.error('stopping the embedded database:', error))
  }
  // Explicit: a handle left open (a pool, a timer) must not keep the script alive.
  process.exit(code || Number(process.exitCode ?? 0))
}

function passwordOf(url: string | undefined): string | undefined {
  try {
    return url ? decodeURIComponent(new URL(url).password) : undefined
  } catch {
    return undefined
  }
}

/** Paths on the command line are relative to where `npm run` was typed, not the package root. */
export const fromInvocationDir = (file: string): string => path.resolve(process.env.INIT_CWD ?? process.cwd(), file)

/**
 * Reads the command line before anything starts (an embedded server takes seconds): a wrong
 * one prints the usage and exits 2.
 */
export function parseCommandLine<T>(usage: string, parse: () => T): T {
  try {
    return parse()
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`)
    process.exit(2)
  }
}

/** `--timeout <seconds>` → milliseconds. */
export function timeoutArg(value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const seconds = Number(value)
  if (!Number.isFinite(seconds) || seconds <= 0) throw new ArgsError('--timeout takes a number of seconds')
  return seconds * 1000
}
