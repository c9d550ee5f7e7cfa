import type { TaskConfig } from 'payload'

import { scoreAttempt } from '../services/world/milestones'

/** Scores one milestone attempt (src/services/world/milestones.ts); queued by the attempt itself. */
export const scoreMilestone: TaskConfig<'scoreMilestone'> = {
  slug: 'scoreMilestone',
  label: 'Score a milestone attempt',
  // A failed AI call is recorded on the attempt (failed_to_score, retry by the learner), not retried blindly.
  retries: 0,
  inputSchema: [{ name: 'attempt', type: 'number', required: true }],
  outputSchema: [{ name: 'status', type: 'text', required: true }],
  handler: async ({ input, req }) => ({ output: { status: (await scoreAttempt(req.payload, input.attempt)).status } }),
}
