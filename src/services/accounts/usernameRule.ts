/**
 * The one username rule, for sign-up and for every other way a username is set (the Users
 * collection's `username` field): trimmed and lower-cased (it is also a login name), then 3–32
 * ASCII letters, digits, dots, dashes or underscores, starting with a letter or digit. ASCII
 * only, so a Cyrillic or Greek look-alike of a staff name ("аdmin" with U+0430) is refused
 * rather than stored beside the real one.
 */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9_.-]{2,31}$/

export const USERNAME_RULE = 'Use 3–32 letters, digits, dots, dashes or underscores (ASCII), starting with a letter or digit.'

export function normaliseUsername(username: string): string {
  return username.trim().toLowerCase()
}

/** What is wrong with an already normalised username, in words a learner understands, or null. */
export function usernameProblem(username: unknown): string | null {
  if (typeof username !== 'string') return 'Send the username as text.'
  return USERNAME_PATTERN.test(username) ? null : USERNAME_RULE
}
