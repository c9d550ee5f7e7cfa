import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

// Imported for its effect, before `@payload-config`: the config reads these when it is evaluated
// (log level, media dir, data dir, and the secret, so that it generates no dev secret file).
// Nothing of the bench may land outside its temp dir.

/** Everything the bench writes (PostgreSQL cluster, media, Payload data dir); removed at the end. */
export const benchTmp = fs.mkdtempSync(path.join(os.tmpdir(), 'speakpro-bench-'))
// PostgreSQL runs as the `postgres` system user when we are root: it must be able to enter the dir.
fs.chmodSync(benchTmp, 0o755)

export const benchMediaDir = path.join(benchTmp, 'media')
export const benchDataDir = path.join(benchTmp, 'data')
fs.mkdirSync(benchMediaDir)
fs.mkdirSync(benchDataDir)

/** 48 random characters (base64url of 36 bytes). */
export const benchSecret = randomBytes(36).toString('base64url')

Object.assign(process.env, {
  NODE_ENV: 'development',
  LOG_LEVEL: 'fatal',
  MEDIA_DIR: benchMediaDir,
  DATA_DIR: benchDataDir,
  PAYLOAD_SECRET: benchSecret,
  NEXT_TELEMETRY_DISABLED: '1',
  // No maintenance jobs ticking inside the measured process.
  JOBS_AUTORUN: 'false',
})
// DB_POOL_MAX is left to the caller: by default the app runs with its own default pool (10), as
// deployed. (Measured here: 10 gives ~10–15% more HTTP purchases/s than 20 on 2 cores.)
