import type { TaskConfig } from 'payload'

/**
 * An operator's check of the published curriculum: every module needs a guided flow (or
 * learners cannot complete it) and every venue a task sheet (or learners cannot practise
 * there). Runs on demand from the jobs queue; the output lists what authors must fix.
 */
export const contentHealth: TaskConfig<'contentHealth'> = {
  slug: 'contentHealth',
  label: 'Check published content',
  retries: 0,
  outputSchema: [{ name: 'problems', type: 'json', required: true }],
  handler: async ({ req }) => {
    const rows = await req.payload.db.pool.query<{ problem: string }>(
      `SELECT 'Module "' || m.name || '" has no published guided flow' AS problem
         FROM modules m
        WHERE m._status = 'published'
          AND NOT EXISTS (SELECT 1 FROM guided_flows g WHERE g.module_id = m.id AND g._status = 'published')
       UNION ALL
       SELECT 'Venue "' || v.name || '" has no published task sheet'
         FROM venues v
        WHERE v._status = 'published'
          AND NOT EXISTS (SELECT 1 FROM venue_task_sheets t WHERE t.venue_id = v.id AND t._status = 'published')
       ORDER BY 1`,
    )
    return { output: { problems: rows.rows.map((r) => r.problem) } }
  },
}
