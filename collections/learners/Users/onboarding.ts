/**
 * The seven onboarding answers (spec §5.2). Stored values are stable snake_case codes; labels
 * are what learner apps show. The onboarding endpoint validates against these lists.
 */
const options = <T extends string>(pairs: readonly (readonly [T, string])[]) =>
  pairs.map(([value, label]) => ({ value, label }))

export const onboardingOptions = {
  jobRole: options([
    ['executive', 'Executive'],
    ['manager', 'Manager'],
    ['entrepreneur', 'Entrepreneur'],
    ['professional', 'Professional'],
    ['student', 'Student'],
    ['other', 'Other'],
  ]),
  typicalAudience: options([
    ['board_members', 'Board members'],
    ['team_members', 'Team members'],
    ['clients', 'Clients'],
    ['stakeholders', 'Stakeholders'],
    ['general_public', 'General public'],
    ['mixed', 'Mixed'],
  ]),
  mainGoal: options([
    ['build_confidence', 'Build confidence'],
    ['improve_clarity', 'Improve clarity'],
    ['handle_pressure', 'Handle pressure'],
    ['engage_audience', 'Engage the audience'],
    ['persuade_influence', 'Persuade and influence'],
    ['all', 'All of the above'],
  ]),
  comfortUnderPressure: options([
    ['thrive', 'I thrive'],
    ['manage_well', 'I manage well'],
    ['get_nervous', 'I get nervous'],
    ['struggle', 'I struggle'],
  ]),
  timePressureProfile: options([
    ['plenty_of_time', 'I prefer plenty of time'],
    ['deadline', 'I work well under a deadline'],
    ['last_minute', 'I thrive on the last minute'],
  ]),
  preferredPracticeTime: options([
    ['morning', 'Morning'],
    ['afternoon', 'Afternoon'],
    ['evening', 'Evening'],
    ['flexible', 'Flexible'],
  ]),
} as const

export const dailyGoalMinutes = { min: 5, max: 120, default: 15 } as const
