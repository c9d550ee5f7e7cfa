import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { describe, expect, it } from '@jest/globals'

import { EnvError, loadEnv, poolSettings } from '../../src/env'

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'speakpro-env-'))

describe('environment validation at boot', () => {
  it('requires a PAYLOAD_SECRET of at least 32 characters in production', () => {
    expect(() => loadEnv({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db.internal/app' })).toThrow(/PAYLOAD_SECRET: required in production/)
    expect(() => loadEnv({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db.internal/app', PAYLOAD_SECRET: 'short' })).toThrow(/at least 32/)
    const env = loadEnv({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db.internal/app', PAYLOAD_SECRET: 's'.repeat(32) })
    expect(env.PAYLOAD_SECRET).toBe('s'.repeat(32))
  })

  it('requires DATABASE_URL in production unless the embedded database is explicitly allowed', () => {
    expect(() => loadEnv({ NODE_ENV: 'production', PAYLOAD_SECRET: 's'.repeat(40) })).toThrow(/DATABASE_URL: required in production/)
    expect(loadEnv({ NODE_ENV: 'production', PAYLOAD_SECRET: 's'.repeat(40), ALLOW_EMBEDDED_DB: 'true' }).DATABASE_URL).toBeUndefined()
  })

  it('keeps Idempotency-Key answers at least 24 hours (48 by default)', () => {
    const base = { NODE_ENV: 'production', DATABASE_URL: 'postgres://db.internal/app', PAYLOAD_SECRET: 's'.repeat(32) } as const
    expect(loadEnv(base).IDEMPOTENCY_KEY_RETENTION_HOURS).toBe(48)
    expect(loadEnv({ ...base, IDEMPOTENCY_KEY_RETENTION_HOURS: '72' }).IDEMPOTENCY_KEY_RETENTION_HOURS).toBe(72)
    expect(() => loadEnv({ ...base, IDEMPOTENCY_KEY_RETENTION_HOURS: '12' })).toThrow(/IDEMPOTENCY_KEY_RETENTION_HOURS: must be at least 24/)
  })

  it('checks the rate limits, AI settings and relay URLs', () => {
    const base = { NODE_ENV: 'production', DATABASE_URL: 'postgres://db.internal/app', PAYLOAD_SECRET: 's'.repeat(32) } as const
    expect(loadEnv(base)).toMatchObject({ RATE_LIMIT_SIGNUP: '20/1h', RATE_LIMIT_LOGIN: '30/15m', AI_TIMEOUT_MS: 8000 })
    expect(() => loadEnv({ ...base, RATE_LIMIT_SIGNUP: 'lots' })).toThrow(/RATE_LIMIT_SIGNUP/)
    expect(() => loadEnv({ ...base, RATE_LIMIT_LOGIN: '10/2d' })).toThrow(/RATE_LIMIT_LOGIN/)
    expect(() => loadEnv({ ...base, OPENAI_BASE_URL: 'not a url' })).toThrow(/OPENAI_BASE_URL/)
    expect(() => loadEnv({ ...base, LESSON_RELAY_WEBHOOK_A: 'ftp://x' })).toThrow(/LESSON_RELAY_WEBHOOK_A: must be an http\(s\) URL/)
    expect(loadEnv({ ...base, LESSON_RELAY_WEBHOOK_B: 'https://relay.example/b' })).toBeTruthy()
  })

  it('sizes the database pool: DB_POOL_MAX connections, all kept open unless DB_POOL_MIN says fewer, and a bounded wait for one', () => {
    const base = { NODE_ENV: 'production', DATABASE_URL: 'postgres://db.internal/app', PAYLOAD_SECRET: 's'.repeat(32) } as const
    expect(poolSettings({})).toEqual({ max: 10, min: 10, connectTimeoutMs: 10_000 })
    expect(poolSettings({ DB_POOL_MAX: '4' })).toMatchObject({ max: 4, min: 4 })
    expect(poolSettings({ DB_POOL_MAX: '20', DB_POOL_MIN: '0', DB_CONNECT_TIMEOUT_MS: '2500' })).toEqual({ max: 20, min: 0, connectTimeoutMs: 2500 })
    // What the boot check refuses never reaches the pool as NaN, a minimum above the maximum, or
    // a wait of 0 (which pg-pool reads as "wait for ever").
    expect(poolSettings({ DB_POOL_MAX: 'ten', DB_POOL_MIN: '-2', DB_CONNECT_TIMEOUT_MS: '0' })).toEqual({ max: 10, min: 10, connectTimeoutMs: 10_000 })
    expect(poolSettings({ DB_POOL_MAX: '5', DB_POOL_MIN: '8' })).toMatchObject({ max: 5, min: 5 })
    expect(() => loadEnv({ ...base, DB_CONNECT_TIMEOUT_MS: '0' })).toThrow(/DB_CONNECT_TIMEOUT_MS/)
    expect(loadEnv({ ...base, DB_CONNECT_TIMEOUT_MS: '2500' })).toMatchObject({ DB_CONNECT_TIMEOUT_MS: 2500 })
    expect(loadEnv({ ...base, DB_POOL_MAX: '20', DB_POOL_MIN: '2' })).toMatchObject({ DB_POOL_MAX: 20, DB_POOL_MIN: 2 })
    expect(() => loadEnv({ ...base, DB_POOL_MAX: 'ten' })).toThrow(/DB_POOL_MAX/)
    expect(() => loadEnv({ ...base, DB_POOL_MAX: '0' })).toThrow(/DB_POOL_MAX/)
    expect(() => loadEnv({ ...base, DB_POOL_MIN: '-1' })).toThrow(/DB_POOL_MIN/)
    expect(() => loadEnv({ ...base, DB_POOL_MAX: '5', DB_POOL_MIN: '8' })).toThrow(/DB_POOL_MIN: must not exceed DB_POOL_MAX \(5\)/)
  })

  it('generates a development secret once and keeps it in the data directory', () => {
    const dir = tmp()
    const first = loadEnv({ NODE_ENV: 'development', DATA_DIR: dir })
    expect(first.PAYLOAD_SECRET.length).toBeGreaterThanOrEqual(32)
    expect(loadEnv({ NODE_ENV: 'development', DATA_DIR: dir }).PAYLOAD_SECRET).toBe(first.PAYLOAD_SECRET)
    expect((fs.statSync(path.join(dir, 'payload-secret')).mode & 0o077)).toBe(0)
  })

  it('reports every problem with a clear message', () => {
    try {
      loadEnv({ NODE_ENV: 'staging' as 'test', PORT: 'eighty', DATABASE_URL: 'mysql://x' })
      throw new Error('expected an EnvError')
    } catch (error) {
      expect(error).toBeInstanceOf(EnvError)
      const { problems } = error as EnvError
      expect(problems.join('\n')).toMatch(/NODE_ENV/)
      expect(problems.join('\n')).toMatch(/PORT/)
      expect(problems.join('\n')).toMatch(/DATABASE_URL: must be a postgres/)
    }
  })
})
