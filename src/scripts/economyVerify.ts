import { findBalanceMismatches } from '../services/economy/verify'
import { withRuntime } from './runtime'

// npm run economy:verify — exits 1 when a balance, or a learner's XP of a week, differs from the sum of its ledger rows.
await withRuntime(async ({ payload }) => {
  const mismatches = await findBalanceMismatches(payload.db.pool)
  if (!mismatches.length) {
    console.log('economy:verify: every balance and weekly XP total equals the sum of its ledger rows')
    return
  }
  for (const m of mismatches) {
    console.error(`user ${m.user} ${m.currency}: balance ${m.balance}, ledger ${m.ledger} (difference ${m.balance - m.ledger})`)
  }
  console.error(`economy:verify: ${mismatches.length} balance(s) or weekly total(s) differ from the ledger`)
  process.exitCode = 1
})
