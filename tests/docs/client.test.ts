import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'

import { createSpeakProClient } from '../../client'
import { projectRoot } from '../../src/paths'
import { createUser } from '../helpers/http'
import type { TestUser } from '../helpers/http'
import { startTestApp } from '../helpers/testApp'
import type { TestApp } from '../helpers/testApp'

let app: TestApp
let learner: TestUser

beforeAll(async () => {
  app = await startTestApp()
  learner = await createUser(app.payload, app.baseUrl)
})

afterAll(async () => {
  await app?.close()
})

describe('client/schema.d.ts', () => {
  it('is exactly what `npm run docs:client` generates from docs/openapi.yaml', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'speakpro-client-'))
    try {
      const out = path.join(dir, 'schema.d.ts')
      // The same command as the npm script, writing elsewhere.
      execFileSync(path.join(projectRoot, 'node_modules/.bin/openapi-typescript'), ['docs/openapi.yaml', '--output', out], { cwd: projectRoot, stdio: 'pipe' })
      const committed = fs.readFileSync(path.join(projectRoot, 'client/schema.d.ts'), 'utf8')
      expect(committed === fs.readFileSync(out, 'utf8') ? 'up to date' : 'stale: run `npm run docs:client` and commit client/schema.d.ts').toBe('up to date')
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('createSpeakProClient', () => {
  it('sends the token as `Authorization: JWT …` and returns typed data', async () => {
    const sent: (string | null)[] = []
    const client = createSpeakProClient({
      baseUrl: `${app.baseUrl}/`,
      token: learner.token,
      fetch: (request) => {
        sent.push(request.headers.get('authorization'))
        return fetch(request)
      },
    })
    const { data, error, response } = await client.GET('/api/learn/profile')
    expect(error).toBeUndefined()
    expect(response.status).toBe(200)
    expect(data?.profile.username).toBe(learner.username)
    expect(sent).toEqual([`JWT ${learner.token}`])
  })

  it('is anonymous without a token, and errors come back in the documented shape', async () => {
    const client = createSpeakProClient({ baseUrl: app.baseUrl })
    const { data, error, response } = await client.GET('/api/learn/profile')
    expect(data).toBeUndefined()
    expect(response.status).toBe(401)
    expect(error?.errors[0]?.code).toBe('unauthorized')

    const me = await client.GET('/api/users/me')
    expect(me.data?.user).toBeNull()
  })

  it('fills path parameters and query strings', async () => {
    const client = createSpeakProClient({ baseUrl: app.baseUrl, token: learner.token })
    const missing = await client.GET('/api/learn/districts/{number}', { params: { path: { number: 42 } } })
    expect(missing.response.status).toBe(404)
    expect(new URL(missing.response.url).pathname).toBe('/api/learn/districts/42')
    const history = await client.GET('/api/learn/amphitheatre/history', { params: { query: { page: 2, limit: 5 } } })
    expect(history.data).toMatchObject({ page: 2, limit: 5, sessions: [] })
  })
})
