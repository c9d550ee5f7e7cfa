import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'

import { api, createUser } from '../helpers/http'
import type { ApiResponse, TestUser } from '../helpers/http'
import { startTestApp } from '../helpers/testApp'
import type { TestApp } from '../helpers/testApp'

/**
 * Issue 23 item 10: a refused sign-in says nothing about the account. An unknown email or
 * username, a wrong password and a locked account (Payload's maxLoginAttempts) get one answer;
 * forgot-password answers the same whether the account exists or not.
 */
let app: TestApp
let admin: TestUser

beforeAll(async () => {
  process.env.RATE_LIMIT_LOGIN = '100000/1h'
  process.env.RATE_LIMIT_LOGIN_ACCOUNT = '100000/1h'
  app = await startTestApp()
  admin = await createUser(app.payload, app.baseUrl, 'admin')
})

afterAll(async () => {
  await app?.close()
})

const login = (body: Record<string, string>) => api(app.baseUrl, 'POST', '/api/users/login', { body })
const gql = (query: string) => api(app.baseUrl, 'POST', '/api/graphql', { body: { query } })

/** What a caller can compare: status, body and headers, apart from the date and the rate-limit counters. */
const answer = (res: ApiResponse) => ({
  status: res.status,
  body: res.body,
  headers: [...res.headers.entries()].filter(([name]) => name !== 'date' && !name.startsWith('ratelimit-')),
})

async function lockOut(user: TestUser) {
  for (let i = 0; i < 5; i++) expect((await login({ email: user.email, password: 'Not-the-password-1' })).status).toBe(401)
}

describe('POST /api/users/login', () => {
  it('answers an unknown account, a wrong password and a locked account alike, by email or username', async () => {
    const known = await createUser(app.payload, app.baseUrl)
    const locked = await createUser(app.payload, app.baseUrl)
    await lockOut(locked)

    const unknownEmail = answer(await login({ email: 'nobody-here@example.com', password: 'Some-password-9' }))
    expect(unknownEmail.status).toBe(401)
    expect(unknownEmail.body).toEqual({ errors: [{ message: 'The email, username or password is incorrect.', code: 'invalid_credentials' }] })
    const attempts: Record<string, string>[] = [
      { username: 'nobody_here', password: 'Some-password-9' },
      { email: known.email, password: 'Some-password-9' },
      { username: known.username, password: 'Some-password-9' },
      // Locked: even the right password gets the same answer.
      { email: locked.email, password: locked.password },
      { username: locked.username, password: locked.password },
      { email: locked.email, password: 'Some-password-9' },
    ]
    for (const body of attempts) {
      expect([body, answer(await login(body))]).toEqual([body, unknownEmail])
    }
  })

  it('still locks: the right password is refused until an admin unlocks the account', async () => {
    const user = await createUser(app.payload, app.baseUrl)
    await lockOut(user)
    expect((await login({ email: user.email, password: user.password })).status).toBe(401)
    expect((await api(app.baseUrl, 'POST', '/api/users/unlock', { token: admin.token, body: { email: user.email } })).status).toBe(200)
    expect((await login({ email: user.email, password: user.password })).status).toBe(200)
  })

  it('gives GraphQL loginUser one answer too', async () => {
    const locked = await createUser(app.payload, app.baseUrl)
    await lockOut(locked)
    const mutation = (email: string, password: string) => `mutation { loginUser(email: "${email}", username: "", password: "${password}") { token } }`
    const refused = (res: ApiResponse) => ({ status: res.status, errors: res.body.errors.map(({ message, extensions }: { message: string; extensions: unknown }) => ({ message, extensions })) })
    const unknown = refused(await gql(mutation('nobody-here@example.com', 'Some-password-9')))
    expect(unknown.errors[0].message).toBe('The email, username or password is incorrect.')
    expect(refused(await gql(mutation(locked.email, locked.password)))).toEqual(unknown)
    expect(refused(await gql(mutation(locked.email, 'Some-password-9')))).toEqual(unknown)
  })
})

describe('POST /api/users/forgot-password', () => {
  it('answers the same whether the email or username has an account or not', async () => {
    const known = await createUser(app.payload, app.baseUrl)
    const forgot = (body: Record<string, string>) => api(app.baseUrl, 'POST', '/api/users/forgot-password', { body })
    const unknown = answer(await forgot({ email: 'nobody-here@example.com' }))
    expect(unknown.status).toBe(200)
    expect(answer(await forgot({ email: known.email }))).toEqual(unknown)
    // A second request within Payload's interval is silently skipped: still the same answer.
    expect(answer(await forgot({ email: known.email }))).toEqual(unknown)
    expect(answer(await forgot({ username: known.username }))).toEqual(answer(await forgot({ username: 'nobody_here' })))
  })
})
