import type { TaskConfig } from 'payload'

import { transcribeRecord } from '../services/amphitheatre/extras'

/** Transcript and delivery note of one amphitheatre take (src/services/amphitheatre/extras.ts). */
export const transcribeAmphitheatre: TaskConfig<'transcribeAmphitheatre'> = {
  slug: 'transcribeAmphitheatre',
  label: 'Transcribe an amphitheatre take',
  // Failures are recorded on the take (failed, ask again), not retried blindly.
  retries: 0,
  inputSchema: [{ name: 'record', type: 'number', required: true }],
  outputSchema: [{ name: 'status', type: 'text', required: true }],
  handler: async ({ input, req }) => ({ output: { status: (await transcribeRecord(req.payload, input.record)).status } }),
}
