import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'

import { execFile } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'

import { projectRoot } from '../../src/paths'
import { judgeAudit } from '../../src/services/dependencyAudit'

/**
 * `npm run audit:deps` against a local stand-in for the registry's advisory endpoint, so the gate
 * is proven with npm's own audit (this lockfile, this npm) without the real advisory database.
 * The stand-in answers what the next test sets; package documents 404, which npm tolerates.
 */
type Answer = { status: number; body: unknown }
let answer: Answer = { status: 200, body: {} }
let server: http.Server
let registry = ''
// npm keeps what it worked out of an advisory in its cache under the advisory's id: each run gets
// a cache of its own, and each advisory a new id, so no answer leaks into the next case.
const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-cache-'))
let advisoryId = 9000

beforeAll(async () => {
  server = http.createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      const isBulk = req.method === 'POST' && (req.url ?? '').startsWith('/-/npm/v1/security/advisories/bulk')
      res.writeHead(isBulk ? answer.status : 404, { 'content-type': 'application/json' })
      res.end(isBulk && answer.status === 200 ? JSON.stringify(answer.body) : '')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  registry = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
})

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve))
  fs.rmSync(cache, { recursive: true, force: true })
})

function runGate(env: Record<string, string> = {}): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--conditions=production', '--import', 'tsx', 'src/scripts/auditDeps.ts'],
      { cwd: projectRoot, env: { ...process.env, NODE_OPTIONS: '', npm_config_registry: registry, npm_config_cache: cache, ...env }, timeout: 90_000 },
      (error, stdout) => resolve({ code: error ? Number(error.code ?? 1) : 0, out: stdout }),
    )
  })
}

// `yaml` is a production dependency at 2.x; an advisory below 3.0.0 covers the installed copy.
const advisory = (severity: string) => ({
  yaml: [{ id: ++advisoryId, url: 'https://advisories.invalid/yaml', title: 'Stand-in advisory', severity, vulnerable_versions: '<3.0.0', cwe: [], cvss: { score: 0, vectorString: null } }],
})

describe('npm run audit:deps', () => {
  it('fails on a high advisory in a production dependency and names it', async () => {
    answer = { status: 200, body: advisory('high') }
    const { code, out } = await runGate()
    expect(code).toBe(1)
    expect(out).toMatch(/high\s+yaml \(direct dependency\)/)
    expect(out).toContain('Stand-in advisory https://advisories.invalid/yaml')
  }, 120_000)

  it('passes when the only advisory is below the level, and AUDIT_LEVEL lowers the bar', async () => {
    answer = { status: 200, body: advisory('moderate') }
    const passed = await runGate()
    expect(passed.code).toBe(0)
    expect(passed.out).toMatch(/no high-or-worse advisory in \d+ production dependencies \(1 below high\)/)
    expect((await runGate({ AUDIT_LEVEL: 'moderate' })).code).toBe(1)
  }, 180_000)

  it('says UNCHECKED when the registry refuses, and fails then only when the audit is required', async () => {
    answer = { status: 405, body: null }
    const lenient = await runGate()
    expect(lenient.code).toBe(0)
    expect(lenient.out).toContain('UNCHECKED')
    expect(lenient.out).toContain('405')
    expect((await runGate({ AUDIT_REQUIRED: '1' })).code).toBe(2)
  }, 180_000)
})

describe('judgeAudit', () => {
  it('counts a vulnerable package once, not every package that depends on it', () => {
    const report = {
      auditReportVersion: 2,
      vulnerabilities: {
        lib: { name: 'lib', severity: 'critical', isDirect: false, via: [{ title: 'Prototype pollution', url: 'https://a.invalid/1', severity: 'critical' }] },
        app: { name: 'app', severity: 'critical', isDirect: true, via: ['lib'] },
      },
      metadata: { dependencies: { prod: 12 } },
    }
    expect(judgeAudit(JSON.stringify(report), 'high')).toEqual({
      kind: 'fail',
      findings: [{ name: 'lib', severity: 'critical', advisories: ['Prototype pollution https://a.invalid/1'], isDirect: false }],
    })
  })

  it('treats output that is no report as unavailable, never as a pass', () => {
    expect(judgeAudit('', 'high').kind).toBe('unavailable')
    expect(judgeAudit('{"message":"503 Service Unavailable"}', 'high')).toEqual({ kind: 'unavailable', reason: '503 Service Unavailable' })
    expect(judgeAudit('[]', 'high').kind).toBe('unavailable')
  })
})
