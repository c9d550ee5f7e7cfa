import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'

import { api } from '../helpers/http'
import { startTestApp } from '../helpers/testApp'
import type { TestApp } from '../helpers/testApp'

let app: TestApp

beforeAll(async () => {
  app = await startTestApp()
})

afterAll(async () => {
  delete process.env.ALLOW_FIRST_REGISTER
  await app?.close()
})

const users = async () => (await app.payload.find({ collection: 'users', depth: 0, overrideAccess: true })).docs

describe('first-register on an empty database', () => {
  const body = { email: 'first@example.com', username: 'first', password: 'a-long-password', role: 'learner', xp: 500 }

  it('is refused by default, even with no user at all', async () => {
    expect(await users()).toHaveLength(0)
    const res = await api(app.baseUrl, 'POST', '/api/users/first-register', { body })
    expect(res.status).toBe(403)
    expect(res.body.errors[0].message).toMatch(/admin:create/)
    expect(await users()).toHaveLength(0)
  })

  it('when an operator allows it, makes exactly one admin whatever the body asks, then refuses', async () => {
    process.env.ALLOW_FIRST_REGISTER = 'true'
    const res = await api(app.baseUrl, 'POST', '/api/users/first-register', { body })
    expect(res.status).toBe(200)
    expect(res.headers.getSetCookie().some((c) => c.startsWith('payload-token='))).toBe(true)
    const [first] = await users()
    expect(first).toMatchObject({ email: 'first@example.com', role: 'admin', xp: 0 })

    const second = await api(app.baseUrl, 'POST', '/api/users/first-register', {
      body: { ...body, email: 'second@example.com', username: 'second' },
    })
    expect(second.status).toBe(403)
    expect(await users()).toHaveLength(1)
  })
})
