import type { CollectionConfig } from 'payload'

import { AmphitheatreExercises } from './content/AmphitheatreExercises'
import { AmphitheatrePrompts } from './content/AmphitheatrePrompts'
import { Districts } from './content/Districts'
import { GuidedFlows } from './content/GuidedFlows'
import { KnowledgeBlocks } from './content/KnowledgeBlocks'
import { Lessons } from './content/Lessons'
import { Levels } from './content/Levels'
import { Media } from './content/Media'
import { Modules } from './content/Modules'
import { QuestDefinitions } from './content/QuestDefinitions'
import { Venues } from './content/Venues'
import { VenueTaskSheets } from './content/VenueTaskSheets'
import { AmphitheatreRecords } from './activity/AmphitheatreRecords'
import { AmphitheatreSessions } from './activity/AmphitheatreSessions'
import { AmphitheatreSettings } from './activity/AmphitheatreSettings'
import { AnalyticsDaily } from './activity/AnalyticsDaily'
import { AnalyticsEvents } from './activity/AnalyticsEvents'
import { CoachConversations } from './activity/CoachConversations'
import { DailyQuests } from './activity/DailyQuests'
import { DistrictAccess } from './activity/DistrictAccess'
import { LessonSessions } from './activity/LessonSessions'
import { LessonStepResponses } from './activity/LessonStepResponses'
import { MilestoneAttempts } from './activity/MilestoneAttempts'
import { RateLimitCounters } from './activity/RateLimitCounters'
import { UserProgress } from './activity/UserProgress'
import { VenueEntries } from './activity/VenueEntries'
import { VenuePractice } from './activity/VenuePractice'
import { VenueUnlocks } from './activity/VenueUnlocks'
import { ExerciseAttempts } from './activity/ExerciseAttempts'
import { IdempotencyKeys } from './activity/IdempotencyKeys'
import { ReviewCards } from './activity/ReviewCards'
import { ReviewLogs } from './activity/ReviewLogs'
import { RewardLedger } from './activity/RewardLedger'
import { StakesMaps } from './activity/StakesMaps'
import { WeeklyXp } from './activity/WeeklyXp'
import { Recordings } from './learners/Recordings'
import { Users } from './learners/Users'

/** Order here is the order of the admin navigation inside each group. */
export const collections: CollectionConfig[] = [
  Levels,
  Modules,
  KnowledgeBlocks,
  Lessons,
  GuidedFlows,
  Districts,
  Venues,
  VenueTaskSheets,
  AmphitheatreExercises,
  AmphitheatrePrompts,
  QuestDefinitions,
  RewardLedger,
  WeeklyXp,
  UserProgress,
  LessonSessions,
  LessonStepResponses,
  StakesMaps,
  VenueUnlocks,
  DistrictAccess,
  VenueEntries,
  VenuePractice,
  ExerciseAttempts,
  ReviewCards,
  ReviewLogs,
  AmphitheatreSessions,
  AmphitheatreRecords,
  AmphitheatreSettings,
  CoachConversations,
  MilestoneAttempts,
  DailyQuests,
  AnalyticsEvents,
  AnalyticsDaily,
  IdempotencyKeys,
  RateLimitCounters,
  Users,
  Recordings,
  Media,
]

/** Collections whose documents have drafts; learners only ever see their published version. */
export const contentSlugs = collections.filter((c) => c.versions).map((c) => c.slug)
