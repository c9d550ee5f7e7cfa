/** The three roles. Admins run everything; authors edit content; learners use the learner API. */
export const roles = ['admin', 'author', 'learner'] as const
export type Role = (typeof roles)[number]

type MaybeUser = { role?: string | null } | null | undefined

export const hasRole = (user: MaybeUser, ...allowed: Role[]): boolean =>
  Boolean(user && allowed.includes(user.role as Role))
