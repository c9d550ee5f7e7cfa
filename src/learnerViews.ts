/**
 * The operator console's two ways of looking at learners (spec §2.7): "core" (who they are and
 * how far they got) and "practice" (how they practise). One definition serves the admin list's
 * column sets and the CSV export, so the two cannot drift apart. `path` is the Payload field path
 * (the admin list's column accessor); `column` is the SQL column the export reads.
 * Plain data: the admin's client bundle imports it.
 */
export type LearnerColumn = { path: string; column: string }

export const learnerViews = {
  core: [
    { path: 'username', column: 'username' },
    { path: 'email', column: 'email' },
    { path: 'role', column: 'role' },
    { path: 'createdAt', column: 'created_at' },
    { path: 'profile.onboardingCompleted', column: 'profile_onboarding_completed' },
    { path: 'xp', column: 'xp' },
    { path: 'learnerLevel', column: 'learner_level' },
    { path: 'currentStreak', column: 'current_streak' },
  ],
  practice: [
    { path: 'username', column: 'username' },
    { path: 'profile.jobRole', column: 'profile_job_role' },
    { path: 'profile.typicalAudience', column: 'profile_typical_audience' },
    { path: 'profile.mainGoal', column: 'profile_main_goal' },
    { path: 'profile.preferredPracticeTime', column: 'profile_preferred_practice_time' },
    { path: 'profile.dailyGoalMinutes', column: 'profile_daily_goal_minutes' },
    { path: 'xp', column: 'xp' },
    { path: 'coins', column: 'coins' },
    { path: 'tickets', column: 'tickets' },
    { path: 'lastActiveDay', column: 'last_active_day' },
  ],
} as const satisfies Record<string, readonly LearnerColumn[]>

export type LearnerView = keyof typeof learnerViews
export const isLearnerView = (value: unknown): value is LearnerView => value === 'core' || value === 'practice'
