import fs from 'node:fs'
import path from 'node:path'

import { afterAll, beforeAll, expect, it } from '@jest/globals'

import { plainFetchFlow } from '../../docs/examples/plainFetch'
import type { FlowResult } from '../../docs/examples/shared'
import { typedClientFlow } from '../../docs/examples/typedClient'
import { projectRoot } from '../../src/paths'
import { startTestApp } from '../helpers/testApp'
import type { TestApp } from '../helpers/testApp'
import { createWorld } from '../journey/world'

/** The examples quoted in docs/learner-app.md, run as written against a real server. */

let app: TestApp
let world: Awaited<ReturnType<typeof createWorld>>

beforeAll(async () => {
  app = await startTestApp()
  // One district, two modules (50 XP each, guided flows with every input type), two venues.
  world = await createWorld(app.payload, { districts: 1, modules: 2, venues: 2 })
})

afterAll(async () => {
  await app?.close()
})

async function expectRewarded(result: FlowResult) {
  expect(result.moduleId).toBe(world[0]!.moduleIds[0])
  // The completion pays the module's XP and one ticket, the balances show it, and the ledger explains it.
  expect(result.rewards).toEqual({ xp: 50, tickets: 1 })
  expect(result.balances).toEqual({ xp: 50, coins: 0, tickets: 1, streakFreezes: 0 })
  expect(result.ledger).toEqual(
    expect.arrayContaining([
      { reason: 'module_complete', currency: 'xp', delta: 50 },
      { reason: 'module_complete', currency: 'tickets', delta: 1 },
    ]),
  )
  expect(result.ledger).toHaveLength(2)
  // And the server agrees: the module is complete for this learner.
  const [user] = (await app.payload.find({ collection: 'users', where: { username: { equals: result.username } }, overrideAccess: true })).docs
  const progress = await app.payload.find({ collection: 'user-progress', where: { user: { equals: user!.id }, module: { equals: result.moduleId } }, overrideAccess: true })
  expect(progress.docs[0]?.completed).toBe(true)
}

it('the plain-fetch example signs up, finishes a lesson and sees the reward', async () => {
  await expectRewarded(await plainFetchFlow(app.baseUrl))
})

it('the typed-client example does the same', async () => {
  await expectRewarded(await typedClientFlow(app.baseUrl))
})

it('the plain-fetch example reports API errors with their code', async () => {
  const account = { email: 'taken@example.com', username: 'taken_name', password: 'a sturdy passphrase 42' }
  await plainFetchFlow(app.baseUrl, account)
  await expect(plainFetchFlow(app.baseUrl, account)).rejects.toMatchObject({ status: 409, code: 'email_taken' })
})

it('quotes the examples in docs/learner-app.md exactly as they are run here', () => {
  const guide = fs.readFileSync(path.join(projectRoot, 'docs/learner-app.md'), 'utf8')
  const excerpts = [...guide.matchAll(/```ts title="([^"]+)"\n([\s\S]*?)\n```/g)].map((m) => ({ file: m[1] as string, code: m[2] as string }))
  expect(excerpts.map((e) => e.file)).toEqual(['docs/examples/plainFetch.ts', 'docs/examples/typedClient.ts'])
  for (const { file, code } of excerpts) {
    const source = fs.readFileSync(path.join(projectRoot, file), 'utf8')
    expect([file, source.includes(code)]).toEqual([file, true])
  }
})
