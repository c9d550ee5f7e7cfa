import type { RequiredDataFromCollectionSlug } from 'payload'

import { roles } from '../access/roles'
import type { Role } from '../access/roles'
import { UsageError, withRuntime } from './runtime'

/**
 * Creates (or promotes) a staff account from the environment — the only way roles are given:
 *   ADMIN_EMAIL=… ADMIN_PASSWORD=… [ADMIN_USERNAME=…] npm run admin:create [-- --role author]
 */
const roleFlag = process.argv.indexOf('--role')
const role = (roleFlag >= 0 ? process.argv[roleFlag + 1] : 'admin') as Role

await withRuntime(async ({ payload }) => {
  const email = process.env.ADMIN_EMAIL
  const password = process.env.ADMIN_PASSWORD
  const username = process.env.ADMIN_USERNAME ?? email?.split('@')[0]?.toLowerCase().replace(/[^a-z0-9_.-]/g, '')
  if (!roles.includes(role)) throw new UsageError(`--role must be one of ${roles.join(', ')}`)
  if (!email || !password) throw new UsageError('Set ADMIN_EMAIL and ADMIN_PASSWORD (at least 12 characters).')
  if (password.length < 12) throw new UsageError('ADMIN_PASSWORD must be at least 12 characters.')
  const existing = await payload.find({ collection: 'users', where: { email: { equals: email.toLowerCase() } }, limit: 1, depth: 0, overrideAccess: true })
  const user = existing.docs[0]
  if (user) {
    await payload.update({ collection: 'users', id: user.id, data: { role, password }, overrideAccess: true })
    console.log(`${email} is now ${role} (password reset)`)
  } else {
    const data = { email, username, password, role } as RequiredDataFromCollectionSlug<'users'>
    await payload.create({ collection: 'users', data, overrideAccess: true })
    console.log(`${role} ${email} created (username ${username})`)
  }
})
