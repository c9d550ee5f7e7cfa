import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

// Runs before each test file's imports: the config reads these when it is evaluated.
Object.assign(process.env, { NODE_ENV: 'test' })
// Payload logs refused requests (401, 403, 400) at error level; the assertions cover them.
process.env.LOG_LEVEL ??= 'fatal'
process.env.MEDIA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'speakpro-media-'))
// Every suite signs many users in from 127.0.0.1; the rate-limit tests set their own limits.
process.env.RATE_LIMIT_LOGIN = '100000/1h'
process.env.RATE_LIMIT_SIGNUP = '100000/1h'
process.env.RATE_LIMIT_FEEDBACK = '100000/1h'
process.env.RATE_LIMIT_LANDING_CHAT = '100000/1h'
process.env.RATE_LIMIT_COACH = '100000/1h'
process.env.RATE_LIMIT_LOGIN_ACCOUNT = '100000/1h'
process.env.RATE_LIMIT_LEARNER_WRITES = '100000/1h'
process.env.RATE_LIMIT_UPLOADS = '100000/1h'
process.env.RATE_LIMIT_AI = '100000/1h'
