/**
 * What streaks, daily quests and analytics count. One list, used by the quest-definition
 * editor, the services that record activity and the tests.
 */
export const activities = [
  'lesson_step',
  'module_complete',
  'exercise',
  'venue_practice',
  'venue_complete',
  'amphitheatre_submission',
  'milestone_attempt',
  'review',
  'coach_message',
] as const

export type Activity = (typeof activities)[number]
