import fs from 'node:fs'
import { parseArgs } from 'node:util'

import { restoreDatabase } from '../services/backup'
import { ArgsError, fromInvocationDir, parseCommandLine, timeoutArg, withDatabase } from './database'

const usage = 'usage: npm run db:restore -- <file> [--force] [--timeout <seconds>]   (--force replaces a database that holds data)'

const { values, positionals } = parseCommandLine(usage, () =>
  parseArgs({ allowPositionals: true, options: { force: { type: 'boolean' }, timeout: { type: 'string' }, help: { type: 'boolean' } } }),
)
const timeoutMs = parseCommandLine(usage, () => timeoutArg(values.timeout))

if (values.help) {
  console.log(usage)
} else {
  parseCommandLine(usage, () => {
    if (positionals.length !== 1) throw new ArgsError(positionals.length ? 'give exactly one backup file' : 'which backup file?')
  })
  const file = fromInvocationDir(positionals[0] as string)
  // Before an embedded server is started for nothing; restoreDatabase checks the contents.
  parseCommandLine(usage, () => {
    if (!fs.existsSync(file)) throw new ArgsError(`backup file not found: ${file}`)
  })
  await withDatabase(usage, async (databaseUrl) => {
    const result = await restoreDatabase({ databaseUrl, file, force: values.force, timeoutMs, log: (m) => console.log(m) })
    console.log(`restored ${result.archive.entries} archive entries into ${result.target} in ${(result.ms / 1000).toFixed(1)} s`)

    const { sanity } = result
    if (sanity.applied) {
      const present = sanity.applied.length - sanity.unknown.length
      console.log(`migrations: ${sanity.applied.length} recorded; ${present} of this app's ${present + sanity.missing.length} present`)
    }
    if ('users' in sanity.counts) {
      console.log(sanity.balanceMismatches ? `balances: ${sanity.balanceMismatches} differ from the ledger` : 'balances: every balance and weekly XP total equals the sum of its ledger rows')
    }
    if (Object.keys(sanity.counts).length) console.log(`rows: ${Object.entries(sanity.counts).map(([t, n]) => `${t} ${n}`).join(', ')}`)
    for (const w of sanity.warnings) console.log(`warning: ${w}`)
    for (const p of sanity.problems) console.error(`problem: ${p}`)
    if (sanity.problems.length) process.exitCode = 1
  })
}
