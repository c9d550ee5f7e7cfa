import { findBalanceMismatches } from '../services/economy/verify'
import { withRuntime } from './runtime'

// npm run economy:verify — exits 1 when a balance differs from the sum of its ledger rows.
await withRuntime(async ({ payload }) => {
  const mismatches = await findBalanceMismatches(payload.db.pool)
  if (!mismatches.length) {
    console.log('economy:verify: every balance equals the sum of its ledger rows')
    return
  }
  for (const m of mismatches) {
    console.error(`user ${m.user} ${m.currency}: balance ${m.balance}, ledger ${m.ledger} (difference ${m.balance - m.ledger})`)
  }
  console.error(`economy:verify: ${mismatches.length} balance(s) differ from the ledger`)
  process.exitCode = 1
})
