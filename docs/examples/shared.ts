/**
 * What both learner-app examples share: a fresh account, the onboarding answers, and how a
 * guided step is answered. Types come from the generated schema (no runtime dependency).
 */
import type { components } from '../../client/schema'

type Schemas = components['schemas']
export type LessonStep = Schemas['LessonStep']
export type OnboardingAnswers = Schemas['OnboardingRequest']

/** What each example returns, so the test (and a reader) can see the reward arrive. */
export type FlowResult = {
  username: string
  moduleId: number
  /** What completing the lesson paid: the module's XP and its tickets. */
  rewards: { xp: number; tickets: number } | null
  /** The balances on the profile afterwards. */
  balances: { xp: number; coins: number; tickets: number; streakFreezes: number }
  /** The ledger rows that explain them, newest first. */
  ledger: { reason: string; currency: string; delta: number }[]
}

export function newAccount() {
  const id = crypto.randomUUID().slice(0, 8)
  return { email: `learner-${id}@example.com`, username: `learner_${id}`, password: `correct horse ${id} staple` }
}

export const onboardingAnswers: OnboardingAnswers = {
  jobRole: 'manager',
  typicalAudience: 'team_members',
  mainGoal: 'build_confidence',
  comfortUnderPressure: 'get_nervous',
  timePressureProfile: 'deadline',
  preferredPracticeTime: 'morning',
  dailyGoalMinutes: 15,
  timezone: 'Europe/Paris',
}

/** A valid answer by input type; a real app shows the step and sends what the learner entered. */
export function answerFor(step: LessonStep): string | number | boolean {
  const rules = step.validation ?? {}
  switch (step.inputType) {
    case 'text':
    case 'textarea':
      return 'I will open with one clear sentence and pause before the key point.'.padEnd((rules.minLength ?? 0) + 1, '.')
    case 'select':
      return step.options?.[0]?.value ?? ''
    case 'rating':
      return rules.minValue ?? 3
    default: // confirm, continue, complete
      return true
  }
}
