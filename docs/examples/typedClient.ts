/**
 * The same learner flow with the typed client (client/index.ts): paths, bodies and answers are
 * checked by TypeScript against docs/openapi.yaml. tests/docs/learnerApp.test.ts runs it.
 */
import { createSpeakProClient } from '../../client'
import type { ApiError } from '../../client'
import { answerFor, newAccount, onboardingAnswers } from './shared'
import type { FlowResult } from './shared'

/** openapi-fetch returns `{ data }` or `{ error }`; this turns an error into an exception. */
function must<T>(result: { data?: T; error?: ApiError | unknown; response: Response }): T {
  if (result.data !== undefined) return result.data
  const first = (result.error as ApiError | undefined)?.errors?.[0]
  throw new Error(`${result.response.status} ${first?.code ?? ''}: ${first?.message ?? 'request failed'}`)
}

export async function typedClientFlow(baseUrl: string, account = newAccount()): Promise<FlowResult> {
  // 1. Sign up anonymously, then use a client that sends the token.
  const signup = must(await createSpeakProClient({ baseUrl }).POST('/api/users/signup', { body: account }))
  const client = createSpeakProClient({ baseUrl, token: signup.token })

  // 2. Onboarding.
  must(await client.POST('/api/learn/onboarding', { body: onboardingAnswers }))

  // 3. The module to open next.
  const home = must(await client.GET('/api/learn/home'))
  if (!home.resumeModule) throw new Error('Nothing to learn yet: publish some content first.')
  const moduleId = home.resumeModule.id

  // 4. Start (201) or resume (200) the guided lesson.
  const started = must(await client.POST('/api/learn/lessons', { body: { moduleId } }))
  let step = started.step
  let rewards: FlowResult['rewards'] = null

  // 5. Answer until the lesson completes.
  while (step) {
    const answer = must(
      await client.POST('/api/learn/lessons/{sessionId}/answers', {
        params: { path: { sessionId: started.sessionId } },
        body: { stepId: step.stepId, value: answerFor(step) },
      }),
    )
    if (answer.state === 'completed') {
      rewards = answer.rewards
      break
    }
    step = answer.nextStep
  }

  // 6. The reward on the profile and in the ledger.
  const { profile } = must(await client.GET('/api/learn/profile'))
  const ledger = must(await client.GET('/api/reward-ledger', { params: { query: { depth: 0, sort: '-createdAt' } } }))

  return {
    username: account.username,
    moduleId,
    rewards,
    balances: profile.balances,
    ledger: ledger.docs.map(({ reason, currency, delta }) => ({ reason, currency, delta })),
  }
}
