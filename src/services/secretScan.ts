import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

export type Finding = { file: string; line: number; rule: string }

/**
 * What a committed secret looks like. Deliberately specific (few false alarms, so a finding
 * always means "look now"); a line that must hold such a shape, e.g. a test of this scanner,
 * says `secret-scan: allow`.
 */
const rules: { rule: string; pattern: RegExp }[] = [
  { rule: 'private key', pattern: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY-----/ },
  { rule: 'AWS access key id', pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { rule: 'OpenAI API key', pattern: /\bsk-(?:proj-|svcacct-)?[A-Za-z0-9_-]{32,}\b/ },
  { rule: 'GitHub token', pattern: /\bgh[pousr]_[A-Za-z0-9]{36,}\b/ },
  { rule: 'Slack token', pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,}\b/ },
  { rule: 'Stripe secret key', pattern: /\b[rs]k_live_[A-Za-z0-9]{20,}\b/ },
  // user:password@ in a literal connection string (templates such as ${password} are code, not secrets).
  { rule: 'connection string with a password', pattern: /\b(?:postgres(?:ql)?|mysql|mongodb(?:\+srv)?|redis|amqps?):\/\/[^\s:/@'"`$]+:[^\s@/'"`$]+@/ },
]

const SECRET_NAMES = 'PAYLOAD_SECRET|JOBS_SECRET|OPENAI_API_KEY|SEED_ADMIN_PASSWORD|ADMIN_PASSWORD|DATABASE_PASSWORD|PGPASSWORD'
/** `NAME: 'literal'` / `NAME = "literal"` in code, or `NAME=literal` on a line of its own (env files). */
const assigned = [new RegExp(`\\b(?:${SECRET_NAMES})\\b\\s*[:=]\\s*(['"\`])([^'"\`$]{12,})\\1`), new RegExp(`^\\s*(?:export\\s+)?(?:${SECRET_NAMES})=([^\\s'"#]{12,})\\s*$`)]
/** Placeholders read like words ("choose-a-long-password"); secrets do not. */
const looksRandom = (value: string) => !/^[a-z]+([-_][a-z0-9]+)*$/.test(value) && /[0-9]/.test(value) && /[A-Za-z]/.test(value)

const ALLOW = 'secret-scan: allow'
/** Files that are data, not source: lockfiles hold hashes that look like anything. */
const SKIP = [/(^|\/)package-lock\.json$/, /\.(png|jpe?g|gif|webp|ico|mp3|wav|webm|mp4|woff2?|ttf|pdf|dump)$/i]

export function scanText(file: string, text: string): Finding[] {
  const findings: Finding[] = []
  if (/(^|\/)\.env(\.[^/]*)?$/.test(file) && !file.endsWith('.env.example')) findings.push({ file, line: 1, rule: 'committed .env file' })
  text.split('\n').forEach((content, i) => {
    if (content.includes(ALLOW)) return
    for (const { rule, pattern } of rules) if (pattern.test(content)) findings.push({ file, line: i + 1, rule })
    for (const pattern of assigned) {
      const value = pattern.exec(content)?.slice(1).pop()
      if (value && looksRandom(value)) findings.push({ file, line: i + 1, rule: 'secret assigned a literal' })
    }
  })
  return findings
}

/** Every file git tracks (what a clone of the repository gets), scanned line by line. */
export function scanRepository(root: string): Finding[] {
  const files = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' }).split('\0').filter(Boolean)
  const findings: Finding[] = []
  for (const file of files) {
    if (SKIP.some((p) => p.test(file))) continue
    const full = path.join(root, file)
    if (!fs.existsSync(full) || fs.statSync(full).size > 2 * 1024 * 1024) continue
    findings.push(...scanText(file, fs.readFileSync(full, 'utf8')))
  }
  return findings
}
