import type { Field, GlobalConfig } from 'payload'

import { anyone } from '../src/access/anyone'
import { isAdmin } from '../src/access/isAdmin'

const num = (name: string, defaultValue: number, min: number, max: number, description: string): Field => ({
  name,
  type: 'number',
  required: true,
  defaultValue,
  min,
  max,
  admin: { description },
})

/**
 * Every number the reward rules use (DESIGN §4), so operators tune the game without a deploy.
 * Learner apps read it (prices, thresholds); only admins change it.
 */
export const Economy: GlobalConfig = {
  slug: 'economy',
  access: { read: anyone, update: isAdmin },
  admin: { group: 'Economy' },
  fields: [
    {
      type: 'collapsible',
      label: 'Streaks',
      fields: [
        {
          type: 'row',
          fields: [
            num('streakMultiplierStep', 0.1, 0, 1, 'Added to the XP multiplier per streak day.'),
            num('streakMultiplierCap', 2, 1, 10, 'Highest XP multiplier a streak can reach.'),
          ],
        },
      ],
    },
    {
      type: 'collapsible',
      label: 'Rewards',
      fields: [
        {
          type: 'row',
          fields: [
            num('ticketsPerModule', 1, 0, 100, 'Tickets paid once per completed module.'),
            num('exerciseXpCorrect', 5, 0, 1000, 'Base XP for a correct exercise.'),
            num('exerciseXpPractice', 2, 0, 1000, 'Base XP for a practice (incorrect or free-text) exercise.'),
          ],
        },
        {
          type: 'row',
          fields: [
            num('milestonePassXp', 100, 0, 100_000, 'Paid once, on the first pass of a level milestone.'),
            num('milestonePassTickets', 3, 0, 100, 'Paid once, on the first pass of a level milestone.'),
            num('milestoneFailXp', 25, 0, 100_000, 'Paid at most once a day for a failed attempt.'),
          ],
        },
      ],
    },
    {
      type: 'collapsible',
      label: 'Daily caps',
      fields: [
        {
          type: 'row',
          fields: [
            num('exerciseRewardsPerDay', 3, 0, 100, 'Rewarded submissions per exercise per learner-local day.'),
            num('milestoneAttemptsPerDay', 3, 1, 100, 'Milestone attempts per learner per day.'),
            num('reviewXp', 5, 0, 1000, 'XP for a spaced review of a block that was due (any rating).'),
            num('reviewXpPerDay', 50, 0, 10_000, 'XP from spaced reviews per learner-local day.'),
          ],
        },
        {
          type: 'row',
          fields: [num('amphitheatreXpPerDay', 30, 0, 10_000, 'XP from amphitheatre practice per learner-local day (over all visits).')],
        },
      ],
    },
    {
      name: 'shop',
      type: 'group',
      fields: [
        {
          type: 'row',
          fields: [
            num('ticketPriceCoins', 20, 1, 100_000, 'Coins for one ticket.'),
            num('streakFreezePriceCoins', 50, 1, 100_000, 'Coins for one streak freeze.'),
            num('maxStreakFreezes', 2, 0, 100, 'Most freezes a learner can hold.'),
          ],
        },
      ],
    },
    {
      name: 'learnerLevels',
      type: 'array',
      required: true,
      minRows: 1,
      maxRows: 100,
      admin: { description: 'Learner level N starts at its XP; the first row must start at 0 XP.' },
      defaultValue: [
        { level: 1, minXp: 0 },
        { level: 2, minXp: 100 },
        { level: 3, minXp: 250 },
        { level: 4, minXp: 500 },
        { level: 5, minXp: 1000 },
        { level: 6, minXp: 2000 },
      ],
      validate: (rows: unknown) => {
        const list = Array.isArray(rows) ? (rows as { level?: number; minXp?: number }[]) : []
        if (!list.length || list[0]?.minXp !== 0) return 'The first level must start at 0 XP.'
        for (let i = 1; i < list.length; i++) {
          const prev = list[i - 1]!
          const cur = list[i]!
          if ((cur.level ?? 0) <= (prev.level ?? 0) || (cur.minXp ?? 0) <= (prev.minXp ?? 0)) {
            return 'Levels and their XP thresholds must both increase from row to row.'
          }
        }
        return true
      },
      fields: [
        {
          type: 'row',
          fields: [
            { name: 'level', type: 'number', required: true, min: 1 },
            { name: 'minXp', type: 'number', required: true, min: 0 },
          ],
        },
      ],
    },
  ],
}
