import { projectRoot } from '../paths'
import { scanRepository } from '../services/secretScan'

/** `npm run scan:secrets`: exit 1 and the places when a tracked file holds something that looks like a secret. */
const findings = scanRepository(projectRoot)
for (const f of findings) console.log(`${f.file}:${f.line}  ${f.rule}`)
console.log(findings.length ? `${findings.length} possible secret(s) in tracked files` : 'no secrets found in tracked files')
process.exit(findings.length ? 1 : 0)
