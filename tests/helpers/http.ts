import type { Payload } from 'payload'

import type { Role } from '../../src/access/roles'

export type ApiResponse<T = any> = { status: number; body: T; headers: Headers; text: string }

type RequestOptions = {
  token?: string
  cookie?: string
  body?: unknown
  /** Sent as-is (e.g. malformed JSON, multipart FormData). */
  rawBody?: BodyInit
  headers?: Record<string, string>
}

/** One HTTP call through the real Express server; JSON in, JSON (when it is JSON) out. */
export async function api<T = any>(baseUrl: string, method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...options.headers }
  if (options.token) headers.authorization = `JWT ${options.token}`
  if (options.cookie) headers.cookie = options.cookie
  let body = options.rawBody
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json'
    body = JSON.stringify(options.body)
  }
  const res = await fetch(`${baseUrl}${path}`, { method, headers, body })
  const text = await res.text()
  let parsed: unknown = text
  try {
    parsed = text ? JSON.parse(text) : undefined
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body: parsed as T, headers: res.headers, text }
}

let counter = 0

export type TestUser = { id: number; email: string; username: string; password: string; role: Role; token: string }

/**
 * Creates a user directly (as a script would), onboarded unless told otherwise (so the
 * `onboarding_required` gate stays out of suites about other things), and signs it in through
 * the HTTP login endpoint.
 */
export async function createUser(payload: Payload, baseUrl: string, role: Role = 'learner', options: { onboarded?: boolean } = {}): Promise<TestUser> {
  counter += 1
  const username = `${role}${counter}${Math.random().toString(36).slice(2, 7)}`
  const email = `${username}@example.com`
  const password = `pw-${Math.random().toString(36).slice(2)}-Long`
  const doc = await payload.create({ collection: 'users', data: { email, username, password, role, profile: { onboardingCompleted: options.onboarded ?? true, timezone: 'UTC' } } as never, overrideAccess: true })
  const login = await api(baseUrl, 'POST', '/api/users/login', { body: { email, password } })
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${login.text}`)
  return { id: doc.id as number, email, username, password, role, token: login.body.token }
}
