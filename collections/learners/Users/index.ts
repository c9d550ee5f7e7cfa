import type { CollectionConfig, Field } from 'payload'

import { canAccessAdminPanel } from '../../../src/access/canAccessAdminPanel'
import { isAdmin } from '../../../src/access/isAdmin'
import { nobody } from '../../../src/access/nobody'
import { roles } from '../../../src/access/roles'
import { selfOrAdmin } from '../../../src/access/selfOrAdmin'
import { learnerSession } from '../../../src/auth/learnerSession'
import { listSearch } from '../../../src/hooks/listSearch'
import { learnerViews } from '../../../src/learnerViews'
import { limitLogins, recordLogin, signup } from '../../../src/endpoints/accounts'
import { firstRegister } from './firstRegister'
import { checkPassword, checkResetPassword, endSessionsOnPasswordChange } from './hooks/passwordPolicy'
import { scheduleTimezoneChange } from './hooks/scheduleTimezoneChange'
import { stampCreatedAt } from './hooks/stampCreatedAt'
import { isTimeZone } from './isTimeZone'
import { dailyGoalMinutes, onboardingOptions } from './onboarding'
import { username } from './username'

/** Written only by the server (services, scripts); never through REST or GraphQL. */
const serverOwned = { create: nobody, update: nobody }

const balance = (name: string, description: string): Field => ({
  name,
  type: 'number',
  required: true,
  defaultValue: 0,
  min: 0,
  access: serverOwned,
  admin: { readOnly: true, description },
})

const answer = (name: keyof typeof onboardingOptions, label: string): Field => ({
  name,
  type: 'select',
  label,
  options: [...onboardingOptions[name]],
})

export const Users: CollectionConfig = {
  slug: 'users',
  auth: {
    loginWithUsername: { allowEmailLogin: true, requireEmail: true, requireUsername: true },
    maxLoginAttempts: 5,
    lockTime: 15 * 60 * 1000,
    tokenExpiration: 7 * 24 * 60 * 60,
    cookies: { sameSite: 'Lax', secure: process.env.NODE_ENV === 'production' },
    // Before Payload's JWT strategy, and only for /api/learn/*: see src/auth/learnerSession.ts.
    strategies: [learnerSession],
  },
  access: {
    admin: canAccessAdminPanel,
    create: isAdmin,
    delete: isAdmin,
    read: selfOrAdmin,
    unlock: isAdmin,
    update: selfOrAdmin,
  },
  endpoints: [firstRegister, signup],
  hooks: {
    beforeOperation: [limitLogins, checkResetPassword, listSearch],
    beforeValidate: [checkPassword],
    beforeChange: [stampCreatedAt, scheduleTimezoneChange],
    afterChange: [endSessionsOnPasswordChange],
    afterLogin: [recordLogin],
  },
  admin: {
    group: 'Learners',
    useAsTitle: 'username',
    // The "core" column set; the list's tools switch to "practice" and export either as CSV.
    defaultColumns: learnerViews.core.map((c) => c.path),
    components: { beforeListTable: ['/src/admin/learners/LearnerListTools#LearnerListTools'] },
    listSearchableFields: [
      'username',
      'email',
      'role',
      'profile.jobRole',
      'profile.typicalAudience',
      'profile.mainGoal',
      'profile.preferredPracticeTime',
    ],
  },
  fields: [
    username,
    {
      name: 'role',
      type: 'select',
      required: true,
      defaultValue: 'learner',
      index: true,
      saveToJWT: true,
      options: roles.map((r) => ({ label: r, value: r })),
      access: serverOwned,
      admin: {
        position: 'sidebar',
        readOnly: true,
        description: 'Set by `npm run admin:create` or an admin script, never through the API.',
      },
    },
    { name: 'displayName', type: 'text', maxLength: 120 },
    {
      name: 'profile',
      type: 'group',
      fields: [
        answer('jobRole', 'Role'),
        answer('typicalAudience', 'Typical audience'),
        answer('mainGoal', 'Main goal'),
        answer('comfortUnderPressure', 'Under pressure'),
        answer('timePressureProfile', 'Time pressure'),
        answer('preferredPracticeTime', 'Preferred practice time'),
        {
          name: 'dailyGoalMinutes',
          type: 'number',
          min: dailyGoalMinutes.min,
          max: dailyGoalMinutes.max,
          defaultValue: dailyGoalMinutes.default,
        },
        {
          name: 'timezone',
          type: 'text',
          defaultValue: 'UTC',
          maxLength: 64,
          validate: (v: unknown) => (v == null || isTimeZone(v) ? true : 'Use an IANA time zone, e.g. "Europe/Paris".'),
          admin: { description: 'Days, streaks and quests follow this time zone.' },
        },
        {
          name: 'abVariant',
          type: 'select',
          options: [
            { label: 'A: dashboard first', value: 'A' },
            { label: 'B: map first', value: 'B' },
          ],
          access: serverOwned,
          admin: { readOnly: true },
        },
        {
          name: 'onboardingCompleted',
          type: 'checkbox',
          defaultValue: false,
          access: serverOwned,
          admin: { readOnly: true },
        },
      ],
    },
    {
      type: 'collapsible',
      label: 'Balances (read-only: changed through the reward ledger)',
      admin: { position: 'sidebar' },
      fields: [
        balance('xp', 'Total experience points.'),
        balance('coins', 'Spent in the shop.'),
        balance('tickets', 'Spent to enter venues.'),
        { ...balance('learnerLevel', 'Derived from XP.'), defaultValue: 1, min: 1 } as Field,
        balance('currentStreak', 'Consecutive learner-local days with activity.'),
        balance('longestStreak', 'Best streak so far.'),
        balance('streakFreezes', 'Spent automatically to keep a streak over a missed day.'),
        {
          name: 'lastActiveDay',
          type: 'date',
          access: serverOwned,
          admin: { readOnly: true, date: { pickerAppearance: 'dayOnly' } },
        },
        {
          name: 'lastActionAt',
          type: 'date',
          access: serverOwned,
          admin: { readOnly: true, date: { pickerAppearance: 'dayAndTime' }, description: 'When the last activity counted; a client-claimed time is never earlier.' },
        },
        {
          name: 'timezonePrevious',
          type: 'text',
          access: serverOwned,
          admin: { readOnly: true, description: 'The zone today still follows after a time-zone change, until the time below.' },
        },
        {
          name: 'timezoneChangesAt',
          type: 'date',
          access: serverOwned,
          admin: { readOnly: true, date: { pickerAppearance: 'dayAndTime' }, description: 'When the profile time zone takes over (the next local day).' },
        },
      ],
    },
  ],
}
