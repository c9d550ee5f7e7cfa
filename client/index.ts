/**
 * The typed SpeakPro client for learner apps: `openapi-fetch` over the types that
 * `npm run docs:client` generates from docs/openapi.yaml (client/schema.d.ts), plus Payload's
 * generated collection types for the content a learner app reads through Payload's REST API.
 *
 *   const client = createSpeakProClient({ baseUrl: 'https://speakpro.example', token })
 *   const { data, error } = await client.GET('/api/learn/home')
 */
import createClient from 'openapi-fetch'
import type { Client, ClientOptions } from 'openapi-fetch'

import type { components, paths } from './schema'

export type { components, operations, paths } from './schema'
// Collections and globals (`Module`, `KnowledgeBlock`, `User` …) as Payload generates them.
export type * from '../payload-types'

export type SpeakProClient = Client<paths>

/** The error body of every custom endpoint: `{ errors: [{ message, code, data? }] }`. */
export type ApiError = components['schemas']['Error']

export type SpeakProClientOptions = Omit<ClientOptions, 'baseUrl' | 'headers'> & {
  /** The server's origin, e.g. `https://api.speakpro.example` (paths already start with `/api`). */
  baseUrl: string
  /** The token from sign-up, login or refresh; without one, requests are anonymous (or use the cookie). */
  token?: string
  headers?: Record<string, string>
}

export function createSpeakProClient({ baseUrl, token, headers, ...options }: SpeakProClientOptions): SpeakProClient {
  return createClient<paths>({
    ...options,
    baseUrl: baseUrl.replace(/\/+$/, ''),
    // `JWT <token>` is Payload's own scheme; it also accepts `Bearer <token>`.
    headers: token ? { ...headers, Authorization: `JWT ${token}` } : headers,
  })
}
