import path from 'node:path'
import { parseArgs } from 'node:util'

import { projectRoot } from '../paths'
import { backupDatabase, backupTimestamp, formatBytes } from '../services/backup'
import { fromInvocationDir, parseCommandLine, timeoutArg, withDatabase } from './database'

const usage = 'usage: npm run db:backup -- [--out <file>] [--timeout <seconds>]   (default: backups/speakpro-<UTC time>.dump)'

const { values } = parseCommandLine(usage, () =>
  parseArgs({ options: { out: { type: 'string' }, timeout: { type: 'string' }, help: { type: 'boolean' } } }),
)
const timeoutMs = parseCommandLine(usage, () => timeoutArg(values.timeout))

if (values.help) {
  console.log(usage)
} else {
  await withDatabase(usage, async (databaseUrl) => {
    const out = values.out ? fromInvocationDir(values.out) : path.join(projectRoot, 'backups', `speakpro-${backupTimestamp()}.dump`)
    const result = await backupDatabase({ databaseUrl, out, timeoutMs, log: (m) => console.log(m) })
    console.log(`wrote ${result.file}: ${formatBytes(result.bytes)} (${result.bytes} bytes, ${result.entries} archive entries) in ${(result.ms / 1000).toFixed(1)} s`)
  })
}
