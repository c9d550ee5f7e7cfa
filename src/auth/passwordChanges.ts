import type { PayloadRequest } from 'payload'

/**
 * Accounts whose password a request is setting, marked by the Users password hooks once the
 * policy has passed (collections/learners/Users/hooks/passwordPolicy.ts). The session guard
 * (src/auth/sessionGuard.ts) lets a write change an account's hash only when it is marked here.
 */
const marked = new WeakMap<object, Set<string>>()

export function markPasswordChange(req: PayloadRequest, id: number | string): void {
  const ids = marked.get(req) ?? new Set<string>()
  ids.add(String(id))
  marked.set(req, ids)
}

export function isPasswordChange(req: object | undefined, id: number | string): boolean {
  return Boolean(req && marked.get(req)?.has(String(id)))
}

/** True once per marked change: the caller ends the account's sessions. */
export function takePasswordChange(req: PayloadRequest, id: number | string): boolean {
  return Boolean(marked.get(req)?.delete(String(id)))
}
