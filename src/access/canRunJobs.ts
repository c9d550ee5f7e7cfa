import { timingSafeEqual } from 'node:crypto'

import type { PayloadRequest } from 'payload'

import { hasRole } from './roles'

const sameSecret = (given: string, expected: string): boolean => {
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

/**
 * `/api/payload-jobs/run` is open to any signed-in user by default. Admins may run jobs, and so
 * may a scheduler that presents `Authorization: Bearer <JOBS_SECRET>`.
 */
export const canRunJobs = ({ req }: { req: PayloadRequest }): boolean => {
  if (hasRole(req.user, 'admin')) return true
  const secret = process.env.JOBS_SECRET
  const header = req.headers.get('authorization') ?? ''
  return Boolean(secret && secret.length >= 32 && header.startsWith('Bearer ') && sameSecret(header.slice(7), secret))
}
