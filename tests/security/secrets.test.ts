import { describe, expect, it } from '@jest/globals'

import { projectRoot } from '../../src/paths'
import { scanRepository, scanText } from '../../src/services/secretScan'

// Samples are assembled at run time so this file does not hold them itself.
const join = (...parts: string[]) => parts.join('')

describe('the secret scan', () => {
  it('finds the shapes of real secrets', () => {
    const samples: [string, string][] = [
      [join('-----BEGIN ', 'RSA PRIVATE KEY-----'), 'private key'],
      [join('const id = "AKIA', 'ABCDEFGHIJKLMNOP"'), 'AWS access key id'],
      [join('OPENAI_KEY=sk-', 'proj-', 'a'.repeat(40)), 'OpenAI API key'],
      [join('token: gh', 'p_', 'A1'.repeat(20)), 'GitHub token'],
      [join('DATABASE_URL=postgres://app:', 'hunter2secret@db.example/app'), 'connection string with a password'],
      [join("PAYLOAD_SECRET: '", 'f3a9c1d2e4b5a6978812', "'"), 'secret assigned a literal'],
      [join('JOBS_SECRET=', 'Zq81xVb02LmN93kPq4Rt'), 'secret assigned a literal'],
    ]
    for (const [line, rule] of samples) expect([line, scanText('x.ts', line).map((f) => f.rule)]).toEqual([line, [rule]])
    expect(scanText('config/.env.production', 'PORT=3000')).toEqual([{ file: 'config/.env.production', line: 1, rule: 'committed .env file' }])
  })

  it('leaves placeholders, templates and code alone', () => {
    for (const line of [
      '# SEED_ADMIN_PASSWORD=choose-a-long-password',
      'const url = `postgres://${user}:${password}@${host}/db`',
      'DATABASE_URL=postgres://user@localhost:5432/speakpro',
      '{ ...env, ADMIN_PASSWORD: account.password }',
      join('const sample = "AKIA', 'ABCDEFGHIJKLMNOP" // secret-scan: allow'),
    ]) {
      expect([line, scanText('x.ts', line)]).toEqual([line, []])
    }
    expect(scanText('.env.example', 'PORT=3000')).toEqual([])
  })

  it('finds nothing in the files git tracks', () => {
    expect(scanRepository(projectRoot)).toEqual([])
  })
})
