/**
 * Judges the JSON that `npm audit --json` prints (report version 2, npm 7 and later).
 *
 * The gate fails on advisories at or above a severity. It tells apart a report that could not be
 * made at all (the registry refused or failed the advisory request, so npm printed an error
 * object instead of a report): that is not a pass, and the caller decides what it means.
 */

export const severities = ['info', 'low', 'moderate', 'high', 'critical'] as const
export type Severity = (typeof severities)[number]

export type AuditFinding = {
  /** The vulnerable package (as installed; a dependent that is only vulnerable through it is not listed). */
  name: string
  severity: Severity
  /** Advisory titles and addresses, as npm gives them. */
  advisories: string[]
  isDirect: boolean
}

export type AuditVerdict =
  | { kind: 'pass'; scanned: number; below: number }
  | { kind: 'fail'; findings: AuditFinding[] }
  | { kind: 'unavailable'; reason: string }

const isSeverity = (value: unknown): value is Severity => typeof value === 'string' && (severities as readonly string[]).includes(value)

const record = (value: unknown): Record<string, unknown> | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined

export function judgeAudit(raw: string, level: Severity): AuditVerdict {
  let parsed: unknown
  try {
    parsed = JSON.parse(raw)
  } catch {
    return { kind: 'unavailable', reason: 'npm audit printed no JSON report' }
  }
  const report = record(parsed)
  const vulnerabilities = record(report?.vulnerabilities)
  if (!report || !vulnerabilities) {
    // npm prints the failed HTTP exchange (message, statusCode, uri) in place of a report.
    const error = record(report?.error)
    const message = typeof report?.message === 'string' ? report.message : typeof error?.summary === 'string' && error.summary ? error.summary : 'no report'
    return { kind: 'unavailable', reason: message }
  }

  const threshold = severities.indexOf(level)
  const findings: AuditFinding[] = []
  let below = 0
  for (const [name, entry] of Object.entries(vulnerabilities)) {
    const v = record(entry)
    if (!v || !isSeverity(v.severity)) continue
    // A package listed only because a dependency of it is vulnerable has no advisory of its own:
    // its `via` holds names. The package that holds the advisory is listed too, and counts once.
    const advisories = (Array.isArray(v.via) ? v.via : [])
      .map(record)
      .filter((via): via is Record<string, unknown> => via !== undefined)
      .map((via) => [via.title, via.url].filter((s) => typeof s === 'string' && s).join(' '))
    if (advisories.length === 0) continue
    if (severities.indexOf(v.severity) < threshold) {
      below += 1
      continue
    }
    findings.push({ name, severity: v.severity, advisories, isDirect: v.isDirect === true })
  }
  if (findings.length) return { kind: 'fail', findings: findings.sort((a, b) => a.name.localeCompare(b.name)) }
  const dependencies = record(record(report.metadata)?.dependencies)
  const scanned = typeof dependencies?.prod === 'number' ? dependencies.prod : typeof dependencies?.total === 'number' ? dependencies.total : 0
  return { kind: 'pass', scanned, below }
}
