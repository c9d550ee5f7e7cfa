/**
 * The analytics event catalogue: every `type` an `analytics-events` row may have. The first 33
 * are the original app's (spec §3.12), kept by name so its dashboards map across; the payloads
 * carry ids and codes, never personal data (the original put email and username in
 * `user_signup`).
 */
export const eventTypes = [
  'user_signup',
  'user_login',
  'onboarding_complete',
  'home_view',
  'district_view',
  'lesson_start',
  'module_learn_view',
  'lesson_guided_view',
  'lesson_guided_start',
  'lesson_guided_session_created',
  'lesson_guided_step_submitted',
  'lesson_guided_complete',
  'lesson_complete',
  'module_completed',
  'module_unlocked_next',
  'venue_unlocked',
  'district_full_access_granted',
  'ai_lesson_request',
  'coach_question',
  'ai_chat_view',
  'ai_chat_message',
  'landing_chat_message',
  'milestone_start',
  'milestone_complete',
  'venue_entered',
  'venue_completed',
  'venue_session_webhook_success',
  'venue_session_feedback_error',
  'exercise_complete',
  'amphitheatre_session_started',
  'amphitheatre_exercise_submitted',
  'amphitheatre_session_completed',
  'amphitheatre_transcription_saved',
  'review_complete',
] as const

export type EventType = (typeof eventTypes)[number]

/** Where a row came from: written by a service, or sent by a learner app (`POST /api/learn/events`). */
export const eventSources = ['server', 'client'] as const
export type EventSource = (typeof eventSources)[number]

const catalogue = new Set<string>(eventTypes)

/** A type learner apps may define themselves: `client.` and a short dotted snake_case name. */
export const CLIENT_EVENT_TYPE = /^client\.[a-z0-9_]+(\.[a-z0-9_]+){0,4}$/

/** A server type of the catalogue, or a client type: what a stored row may carry. */
export const isEventType = (type: string): boolean => type.length <= 80 && (catalogue.has(type) || CLIENT_EVENT_TYPE.test(type))

/**
 * What a learner app may send (`POST /api/learn/events`): its own `client.*` types only. The
 * catalogue's types are recorded by the server when the action commits, and the operator's
 * figures count them; an app that could post `user_signup` could forge those figures.
 */
export const isClientEventType = (type: string): boolean => type.length <= 80 && CLIENT_EVENT_TYPE.test(type)
