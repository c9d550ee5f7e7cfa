/**
 * The learner flow with nothing but `fetch`: sign up, onboard, start the module the dashboard
 * suggests, answer every step, then read the reward on the profile and in the ledger.
 * tests/docs/learnerApp.test.ts runs it against a real server.
 */
import type { components } from '../../client/schema'
import { answerFor, newAccount, onboardingAnswers } from './shared'
import type { FlowResult, LessonStep } from './shared'

type Schemas = components['schemas']

/** The error shape of every endpoint: `{ errors: [{ message, code, data? }] }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

async function call<T>(baseUrl: string, method: string, path: string, options: { token?: string; body?: unknown } = {}): Promise<T> {
  const headers: Record<string, string> = {}
  if (options.token) headers.Authorization = `JWT ${options.token}`
  if (options.body !== undefined) headers['Content-Type'] = 'application/json'
  const res = await fetch(`${baseUrl}${path}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) })
  const data = await res.json()
  if (!res.ok) {
    const error = (data as Schemas['Error']).errors?.[0]
    throw new ApiError(res.status, error?.code ?? 'unknown', error?.message ?? res.statusText)
  }
  return data as T
}

export async function plainFetchFlow(baseUrl: string, account = newAccount()): Promise<FlowResult> {
  // 1. Sign up: the answer carries the token (and sets the `payload-token` cookie for browsers).
  const { token } = await call<Schemas['SignUpResponse']>(baseUrl, 'POST', '/api/users/signup', { body: account })
  const as = { token }

  // 2. Onboarding: until it is done, learner endpoints answer 409 `onboarding_required`.
  await call(baseUrl, 'POST', '/api/learn/onboarding', { ...as, body: onboardingAnswers })

  // 3. The dashboard says which module to open next.
  const home = await call<Schemas['Home']>(baseUrl, 'GET', '/api/learn/home', as)
  if (!home.resumeModule) throw new Error('Nothing to learn yet: publish some content first.')
  const moduleId = home.resumeModule.id

  // 4. Start the guided lesson (201; the same call later resumes it with 200).
  const started = await call<Schemas['LessonStarted']>(baseUrl, 'POST', '/api/learn/lessons', { ...as, body: { moduleId } })

  // 5. Answer the current step until the lesson completes.
  let step: LessonStep = started.step
  let rewards: FlowResult['rewards'] = null
  for (;;) {
    const answer = await call<Schemas['LessonNextStep'] | Schemas['LessonCompletion']>(baseUrl, 'POST', `/api/learn/lessons/${started.sessionId}/answers`, {
      ...as,
      body: { stepId: step.stepId, value: answerFor(step) },
    })
    if (answer.state === 'completed') {
      rewards = answer.rewards // e.g. { xp: 50, tickets: 1 }; answer.unlocks lists what opened
      break
    }
    step = answer.nextStep
  }

  // 6. The reward: balances on the profile, and the ledger rows that explain them.
  const { profile } = await call<{ profile: Schemas['LearnerProfile'] }>(baseUrl, 'GET', '/api/learn/profile', as)
  const ledger = await call<Schemas['LedgerPage']>(baseUrl, 'GET', '/api/reward-ledger?depth=0&sort=-createdAt', as)

  return {
    username: account.username,
    moduleId,
    rewards,
    balances: profile.balances,
    ledger: ledger.docs.map(({ reason, currency, delta }) => ({ reason, currency, delta })),
  }
}
