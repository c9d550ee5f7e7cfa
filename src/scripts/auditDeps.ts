import { spawnSync } from 'node:child_process'

import { projectRoot } from '../paths'
import { judgeAudit, severities } from '../services/dependencyAudit'
import type { Severity } from '../services/dependencyAudit'

/**
 * `npm run audit:deps`: `npm audit --omit=dev`, failing (exit 1) on an advisory at `AUDIT_LEVEL`
 * (default high) or above in a production dependency.
 *
 * When the registry answers no report at all (some registries and mirrors refuse the advisory
 * endpoint), nothing was checked: that prints UNCHECKED and exits 0, or 2 with AUDIT_REQUIRED=1,
 * so a pipeline whose registry serves advisories can make the gate mandatory.
 */
const level = (process.env.AUDIT_LEVEL ?? 'high') as Severity
if (!severities.includes(level)) {
  console.error(`AUDIT_LEVEL must be one of ${severities.join(', ')}`)
  process.exit(2)
}

// npm exits non-zero both for findings and for a failed request, so the JSON decides.
const run = spawnSync('npm', ['audit', '--omit=dev', '--json'], { cwd: projectRoot, encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024 })
const verdict = judgeAudit(run.stdout ?? '', level)

switch (verdict.kind) {
  case 'pass':
    console.log(`npm audit: no ${level}-or-worse advisory in ${verdict.scanned} production dependencies` + (verdict.below ? ` (${verdict.below} below ${level})` : ''))
    process.exit(0)
    break
  case 'fail':
    for (const f of verdict.findings) {
      console.log(`${f.severity.padEnd(8)} ${f.name}${f.isDirect ? ' (direct dependency)' : ''}`)
      for (const a of f.advisories) console.log(`         ${a}`)
    }
    console.log(`npm audit: ${verdict.findings.length} production package(s) with a ${level}-or-worse advisory`)
    process.exit(1)
    break
  case 'unavailable':
    console.log(`npm audit: UNCHECKED, the registry gave no advisory report (${verdict.reason})`)
    process.exit(process.env.AUDIT_REQUIRED === '1' ? 2 : 0)
}
