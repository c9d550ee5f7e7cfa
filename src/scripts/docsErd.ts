import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

import { projectRoot } from '../paths'

/**
 * `npm run docs:erd` writes docs/data-model.md from the Payload config; `npm run docs:erd -- --check`
 * only compares and exits 1 when the file is stale (CI runs the writing form and fails on a diff).
 *
 * `.env` is deliberately not loaded: the document must depend on committed files only. The
 * config is read, never booted, so no database is needed; the placeholder secret keeps
 * `configuredSecret()` from generating `.data/payload-secret` on a fresh checkout.
 */
const check = process.argv.includes('--check')
const ATTEMPTS = 3
const CHILD_TIMEOUT_MS = 120_000

if (process.env.DOCS_ERD_CHILD === '1') {
  await render()
} else {
  supervise()
}

/**
 * Runs the work in a child process and starts it again when it stalls. On Node 20, importing
 * payload.config.ts now and then never settled (exit code 13, no output): Lexical's `*.node.mjs`
 * entries `await import()` their own builds at top level and race each other. The cause is
 * avoided by `--conditions=production` in package.json (src/serverBundle.ts has the measurement);
 * the retry stays for any other stall, since a drift check must not fail on one.
 */
function supervise(): void {
  const script = fileURLToPath(import.meta.url)
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const child = spawnSync(process.execPath, [...process.execArgv, script, ...process.argv.slice(2)], {
      env: { ...process.env, DOCS_ERD_CHILD: '1' },
      stdio: 'inherit',
      timeout: CHILD_TIMEOUT_MS,
    })
    const stalled = child.status === 13 || child.signal !== null || child.error !== undefined
    if (!stalled) process.exit(child.status ?? 1)
    const why = child.status === 13 ? 'exit code 13' : child.error ? child.error.message : `signal ${child.signal}`
    console.error(`docs:erd: loading the config stalled (${why}), attempt ${attempt} of ${ATTEMPTS}`)
  }
  process.exit(1)
}

async function render(): Promise<void> {
  process.env.PAYLOAD_SECRET ||= 'docs-erd-reads-the-config-and-never-signs-anything'
  try {
    // Imported here, not above, so the supervising process loads nothing heavy.
    const { dataModelFile, readHandWrittenMigrations, renderDataModel } = await import('../services/docs/erd')
    const config = await (await import('../../payload.config')).default
    const text = await renderDataModel(config, { handWrittenMigrations: readHandWrittenMigrations() })
    const relative = path.relative(projectRoot, dataModelFile)
    const current = fs.existsSync(dataModelFile) ? fs.readFileSync(dataModelFile, 'utf8') : undefined
    if (check) {
      if (current !== text) {
        console.error(`${relative} is stale: run \`npm run docs:erd\` and commit it.`)
        process.exitCode = 1
      } else {
        console.log(`${relative} is up to date`)
      }
    } else if (current === text) {
      console.log(`${relative} unchanged`)
    } else {
      fs.mkdirSync(path.dirname(dataModelFile), { recursive: true })
      fs.writeFileSync(dataModelFile, text)
      console.log(`wrote ${relative}`)
    }
  } catch (error) {
    console.error(error)
    process.exitCode = 1
  }
  // Modules the config imports (sharp, job handlers) may keep handles; the work is done.
  process.exit(process.exitCode ?? 0)
}
