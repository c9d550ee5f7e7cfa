import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'

import { runSeeds } from '../../seeds'
import { EnvError, loadEnv } from '../../src/env'
import { projectRoot } from '../../src/paths'
import { freePort } from '../helpers/freePort'
import { startTestApp } from '../helpers/testApp'
import type { TestApp } from '../helpers/testApp'

const email = 'ops@example.com'
// loadEnv keeps a generated development secret in DATA_DIR.
const envDir = fs.mkdtempSync(path.join(os.tmpdir(), 'seed-pw-'))
afterAll(() => fs.rmSync(envDir, { recursive: true, force: true }))

const problemOf = (password: string) => {
  try {
    loadEnv({ NODE_ENV: 'development', DATA_DIR: envDir, SEED_ADMIN_EMAIL: email, SEED_ADMIN_PASSWORD: password })
    return null
  } catch (error) {
    return error instanceof EnvError ? error.problems.join('\n') : String(error)
  }
}

describe('SEED_ADMIN_PASSWORD and the password policy', () => {
  it('names the rule that failed and how to fix it, when the environment loads', () => {
    const fix = /Choose a password of at least 12 characters .* or unset SEED_ADMIN_EMAIL and SEED_ADMIN_PASSWORD to have one generated\.$/
    expect(problemOf('admin-password-1')).toMatch(/^SEED_ADMIN_PASSWORD fails the password policy: This password is too close to your username or email\. \(the development admin has username "admin", email ops@example\.com\.\)/)
    expect(problemOf('ops@example.com1')).toMatch(/too close to your username or email/)
    expect(problemOf('administrator')).toMatch(/^SEED_ADMIN_PASSWORD fails the password policy: This password is too common\./)
    expect(problemOf('123456789012')).toMatch(/^SEED_ADMIN_PASSWORD fails the password policy: Use more than digits\./)
    expect(problemOf('x'.repeat(129))).toMatch(/Use at most 128 characters\./)
    for (const password of ['admin-password-1', 'administrator', '123456789012']) expect(problemOf(password)).toMatch(fix)
    expect(problemOf('a-long-dev-password')).toBeNull()
  })

  it('stops npm run dev with that one sentence and exit code 1: no stack, no database started', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'seed-pw-dev-'))
    // Reachable by the postgres user the embedded database runs as under root (mkdtemp gives 0700).
    fs.chmodSync(dataDir, 0o755)
    // Off the default port: without the check, a database would start there.
    const pgPort = String(await freePort())
    try {
      // As `npm run dev` runs it; without the check this boots the embedded database and dies in the seed.
      const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        execFile(
          process.execPath,
          ['--conditions=development', '--import', 'tsx', 'src/server.ts'],
          {
            cwd: projectRoot,
            timeout: 90_000,
            env: {
              ...process.env,
              NODE_OPTIONS: '--no-deprecation',
              NODE_ENV: 'development',
              DATABASE_URL: '',
              DATA_DIR: dataDir,
              EMBEDDED_PG_PORT: pgPort,
              ADMIN_UI: 'false',
              HOST: '127.0.0.1',
              SEED_ADMIN_EMAIL: email,
              SEED_ADMIN_PASSWORD: 'admin-password-1',
            },
          },
          (error, _stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stderr }),
        )
      })
      expect(result.code).toBe(1)
      expect(result.stderr).toContain('SEED_ADMIN_PASSWORD fails the password policy: This password is too close to your username or email.')
      expect(result.stderr).toContain('unset SEED_ADMIN_EMAIL and SEED_ADMIN_PASSWORD')
      expect(result.stderr).not.toMatch(/\n\s+at /)
      expect(fs.existsSync(path.join(dataDir, 'pg'))).toBe(false)
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true })
    }
  }, 120_000)
})

describe('the admin seed target run without loadEnv', () => {
  let app: TestApp
  beforeAll(async () => {
    app = await startTestApp()
  })
  afterAll(async () => {
    await app?.close()
  })

  it('refuses a password the policy refuses with the same sentence and creates no account', async () => {
    Object.assign(process.env, { SEED_ADMIN_EMAIL: email, SEED_ADMIN_PASSWORD: '123456789012' })
    try {
      const seeding = runSeeds({ payload: app.payload, log: () => undefined, stats: { created: 0, updated: 0, unchanged: 0 } }, ['admin'])
      await expect(seeding).rejects.toBeInstanceOf(EnvError)
      await expect(seeding).rejects.toThrow(/SEED_ADMIN_PASSWORD fails the password policy: Use more than digits\./)
    } finally {
      delete process.env.SEED_ADMIN_EMAIL
      delete process.env.SEED_ADMIN_PASSWORD
    }
    const { totalDocs } = await app.payload.count({ collection: 'users', where: { email: { equals: email } }, overrideAccess: true })
    expect(totalDocs).toBe(0)
  })
})
