import { randomUUID } from 'node:crypto'
import fs from 'node:fs'

import config from '@payload-config'
import type { Payload } from 'payload'

import { bootPayload } from '../../../src/boot'
import type { Runtime } from '../../../src/boot'
import { withTransaction } from '../../../src/db/transaction'
import { loadEnv } from '../../../src/env'
import { grant } from '../../../src/services/economy/ledger'
import { send } from './http'

export type Learner = { id: number; email: string; password: string; token: string }

/**
 * Payload in the test process against the database the server under test will use: applies the
 * committed migrations (a no-op on a clone of the migrated template) and lets the suite create
 * content and learners as a script would. Closed before any fault is injected.
 */
export async function bootSeeder(databaseUrl: string): Promise<Runtime> {
  process.env.DATABASE_URL = databaseUrl
  return bootPayload(loadEnv({ ...process.env, NODE_ENV: 'test', DATABASE_URL: databaseUrl }), { config })
}

/** Onboarded learners with starting balances, granted through the ledger like any other change. */
export async function createLearners(payload: Payload, count: number, balances: { coins?: number; tickets?: number } = {}): Promise<Omit<Learner, 'token'>[]> {
  const learners: Omit<Learner, 'token'>[] = []
  for (let i = 0; i < count; i++) {
    const username = `fault${i}${randomUUID().slice(0, 8)}`
    const email = `${username}@faults.invalid`
    const password = `pw-${randomUUID()}`
    const doc = await payload.create({
      collection: 'users',
      data: { email, username, password, role: 'learner', profile: { onboardingCompleted: true, timezone: 'UTC' } } as never,
      overrideAccess: true,
      depth: 0,
    })
    const id = doc.id as number
    await withTransaction(payload, async (tx) => {
      for (const currency of ['coins', 'tickets'] as const) {
        const amount = balances[currency]
        if (amount) await grant(tx, { user: id, currency, amount, reason: 'test', key: `fault-seed:${currency}` })
      }
    })
    learners.push({ id, email, password })
  }
  return learners
}

/** The media directory tests/helpers/setupEnv.ts made for this file (the seeder uploads nothing). */
export function removeMediaDir(): void {
  if (process.env.MEDIA_DIR) fs.rmSync(process.env.MEDIA_DIR, { recursive: true, force: true })
}

/** Signs each learner in through the server under test (Payload's login). */
export async function signIn(baseUrl: string, learners: Omit<Learner, 'token'>[]): Promise<Learner[]> {
  const signedIn: Learner[] = []
  for (const learner of learners) {
    const res = await send(baseUrl, 'POST', '/api/users/login', { body: { email: learner.email, password: learner.password } })
    if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.text}`)
    signedIn.push({ ...learner, token: res.body.token })
  }
  return signedIn
}
