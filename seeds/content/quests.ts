export const questDefinitions = [
  { key: 'daily-lesson-steps', title: 'Three guided steps', description: 'Answer three steps of a guided lesson.', activity: 'lesson_step', target: 3, xpReward: 15, coinReward: 5, active: true },
  { key: 'daily-exercise', title: 'One exercise', description: 'Submit one knowledge-block exercise.', activity: 'exercise', target: 1, xpReward: 10, coinReward: 5, active: true },
  { key: 'daily-amphitheatre', title: 'Visit the amphitheatre', description: 'Submit one amphitheatre exercise.', activity: 'amphitheatre_submission', target: 1, xpReward: 10, coinReward: 5, active: true },
  { key: 'daily-venue-practice', title: 'Practise in a venue', description: 'Record task-sheet work or feedback in a venue.', activity: 'venue_practice', target: 1, xpReward: 15, coinReward: 8, active: true },
  { key: 'daily-review', title: 'Review what you learned', description: 'Review one knowledge block.', activity: 'review', target: 1, xpReward: 10, coinReward: 5, active: false },
]
