import { runSeeds, seedTargets } from '../../seeds'
import { UsageError, withRuntime } from './runtime'

const args = process.argv.slice(2)

if (args.length === 0 || args.includes('--list')) {
  console.log('Seed targets (npm run seed -- <target…> | --all):')
  for (const t of seedTargets) console.log(`  ${t.key.padEnd(14)} ${t.description}`)
} else {
  const keys = args.includes('--all') ? seedTargets.map((t) => t.key) : args
  await withRuntime(async ({ payload }) => {
    const unknown = keys.find((k) => !seedTargets.some((t) => t.key === k))
    if (unknown) throw new UsageError(`Unknown seed target '${unknown}'. Run with --list to see the targets.`)
    const stats = { created: 0, updated: 0, unchanged: 0 }
    await runSeeds({ payload, log: (l) => console.log(l), stats }, keys)
    console.log(`done: ${stats.created} created, ${stats.updated} updated, ${stats.unchanged} unchanged`)
  })
}
