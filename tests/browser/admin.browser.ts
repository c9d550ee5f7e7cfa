/**
 * Real-browser test of the Payload admin against the production build (`npm run test:browser`).
 *
 * What it does, end to end, in a throwaway temp dir:
 *   1. creates an admin, an author and a learner with `src/scripts/adminCreate.ts` (each run boots the
 *      embedded PostgreSQL in the temp data dir, writes, and stops it);
 *   2. starts the production server as `npm start` does (`dist/server.js`, embedded PostgreSQL,
 *      demo content seeded);
 *   3. drives Debian's Chromium with playwright-core through two scenarios:
 *      A. an author signs in, renames a module and publishes it; the anonymous REST API then
 *         serves the new name (anonymous readers only ever see published versions);
 *      B. a learner signs in and is refused the admin panel;
 *      C. an admin reads the operator console: recounts the rollups, sees the charts on
 *         /admin/analytics and the dashboard match GET /api/admin/analytics/summary, switches
 *         the learner list to the "practice" columns, searches it and exports that search as CSV;
 *      D. anyone opens the API reference at /api/docs and Swagger UI lists every operation of
 *         /api/openapi.json, with no request leaving the server;
 *   4. stops the server and removes the temp dir, whatever happened.
 *
 * Needs `npm run build` first and Chromium at /usr/bin/chromium (`apt-get install -y chromium`).
 * Ends with the line `N passed, M failed`; exits 1 on any failure.
 */
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

import { chromium } from 'playwright-core'
import type { Browser, Page } from 'playwright-core'

import { SERVER_BUNDLE, SERVER_NODE_FLAGS } from '../../src/serverBundle'

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
/** The whole run, build check to cleanup; cleanup still happens when it fires. */
const OVERALL_TIMEOUT_MS = 5 * 60_000
const READY_TIMEOUT_MS = 120_000
/** One `adminCreate` run: boot the embedded database, migrate, write, stop (about 5–20 s). */
const SCRIPT_TIMEOUT_MS = 90_000
/** How long the server gets to drain and stop its embedded PostgreSQL before SIGKILL. */
const STOP_GRACE_MS = 20_000
/** Per-step waits inside the browser. A production build answers well within this. */
const STEP_TIMEOUT_MS = 30_000
/** The first visit of an admin route renders it on the server for the first time: slower. */
const FIRST_RENDER_TIMEOUT_MS = 60_000

/** Seeded by seeds/content/modules.ts (Level 1, code A). */
const MODULE_NAME = 'What makes a moment high-stakes'

const log = (message: string) => console.log(`[browser] ${message}`)

/** Everything that must be undone at the end, filled in as the run goes. */
const state: {
  tmpDir?: string
  dataDir?: string
  /** Child processes still running (the server, or a script being run). */
  children: Set<ChildProcess>
  serverLog?: string
  browser?: Browser
  cleanedUp?: Promise<void>
  passed: number
  failed: number
} = { children: new Set(), passed: 0, failed: 0 }

// ---------------------------------------------------------------------------------------------
// Environment
// ---------------------------------------------------------------------------------------------

/** A port nobody listens on right now (the OS picks it; closed again before we hand it out). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.unref()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo
      srv.close(() => resolve(port))
    })
  })
}

async function twoFreePorts(): Promise<[number, number]> {
  const a = await freePort()
  let b = await freePort()
  while (b === a) b = await freePort()
  return [a, b]
}

/**
 * The environment of every child process. Values that a developer's shell or `.env` might set
 * are forced empty: the project treats '' as unset, and `process.loadEnvFile` does not override
 * a variable that exists, so the test can never reach a real database or a configured URL.
 */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: '',
    SERVER_URL: '',
    DB_PUSH: '',
    JOBS_SECRET: '',
    NODE_OPTIONS: '--no-deprecation',
    ...extra,
  }
}

/**
 * Runs `node <nodeArgs>` in its own process group, with its output in a log file. The group
 * holds the embedded PostgreSQL it starts too, so a signal to `-pid` reaches everything.
 */
function spawnInGroup(nodeArgs: string[], env: NodeJS.ProcessEnv, logFile: string): ChildProcess {
  const out = fs.openSync(logFile, 'a')
  const child = spawn(process.execPath, nodeArgs, {
    cwd: projectRoot,
    env,
    detached: true,
    stdio: ['ignore', out, out],
  })
  fs.closeSync(out)
  state.children.add(child)
  child.once('exit', () => state.children.delete(child))
  return child
}

function tail(file: string, lines = 60): string {
  if (!fs.existsSync(file)) return '(no output)'
  return fs
    .readFileSync(file, 'utf8')
    .trimEnd()
    .split('\n')
    .slice(-lines)
    .map((line) => `  | ${line}`)
    .join('\n')
}

/**
 * Runs a script to completion, with a deadline: a boot that never finishes (seen once with a
 * dynamic config import on Node 20) fails this step with the script's output instead of
 * silently using up the whole run.
 */
/** A TypeScript script, as package.json runs it (`node --conditions=production --import tsx`). */
async function runScript(args: string[], env: NodeJS.ProcessEnv, label: string, logFile: string): Promise<void> {
  const child = spawnInGroup(['--conditions=production', '--import', 'tsx', ...args], env, logFile)
  const exited = await waitForExit(child, SCRIPT_TIMEOUT_MS)
  if (!exited) {
    await stopGroup(child)
    throw new Error(`${label} did not finish within ${SCRIPT_TIMEOUT_MS / 1000} s; its output:\n${tail(logFile)}`)
  }
  if (child.exitCode !== 0) {
    throw new Error(`${label} failed (exit ${child.exitCode ?? child.signalCode}); its output:\n${tail(logFile)}`)
  }
}

async function waitForReady(baseUrl: string, server: ChildProcess): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS
  while (Date.now() < deadline) {
    if (server.exitCode !== null || server.signalCode !== null) {
      throw new Error(`the server exited before it was ready (exit ${server.exitCode ?? server.signalCode})`)
    }
    try {
      const res = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(2_000) })
      if (res.status === 200) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500))
  }
  throw new Error(`the server did not answer 200 on /readyz within ${READY_TIMEOUT_MS / 1000} s`)
}

const hasExited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (hasExited(child)) return Promise.resolve(true)
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms)
    child.once('exit', () => {
      clearTimeout(timer)
      resolve(true)
    })
  })
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return
  try {
    process.kill(-child.pid, signal)
  } catch {
    // group already gone
  }
}

/**
 * SIGTERM to the process itself (the server drains and stops its PostgreSQL; a script stops
 * its PostgreSQL), then SIGKILL to the whole group after a grace period. PostgreSQL is not
 * signalled directly here: a smart shutdown under a draining server would refuse its queries.
 */
async function stopGroup(child: ChildProcess): Promise<void> {
  if (hasExited(child) || child.pid === undefined) return
  try {
    process.kill(child.pid, 'SIGTERM')
  } catch {
    // already gone
  }
  if (await waitForExit(child, STOP_GRACE_MS)) return
  log(`process ${child.pid} still running after ${STOP_GRACE_MS / 1000} s: SIGKILL to its group`)
  signalGroup(child, 'SIGKILL')
  await waitForExit(child, 5_000)
}

/**
 * A PostgreSQL whose Node process died without stopping it (killed, or ended by a signal while
 * still booting) would outlive the run: stop it by the pid it wrote, one that this run started.
 */
async function stopLeftoverPostgres(dataDir: string): Promise<void> {
  const pidFile = path.join(dataDir, 'pg', 'postmaster.pid')
  if (!fs.existsSync(pidFile)) return
  const pid = Number.parseInt(fs.readFileSync(pidFile, 'utf8').split('\n')[0] ?? '', 10)
  if (!Number.isInteger(pid) || pid <= 0) return
  const alive = () => {
    try {
      process.kill(pid, 0)
      return true
    } catch {
      return false
    }
  }
  if (!alive()) return
  log(`stopping leftover PostgreSQL (pid ${pid})`)
  process.kill(pid, 'SIGINT') // "fast" shutdown: ends any session left, then stops cleanly
  for (let i = 0; i < 40 && alive(); i++) await new Promise((r) => setTimeout(r, 250))
  if (alive()) process.kill(pid, 'SIGKILL')
}

/** Idempotent: runs once whether reached by the normal path, a failure, a signal or the timeout. */
function cleanup(): Promise<void> {
  state.cleanedUp ??= (async () => {
    await state.browser?.close().catch(() => undefined)
    for (const child of [...state.children]) await stopGroup(child)
    if (state.dataDir) await stopLeftoverPostgres(state.dataDir).catch(() => undefined)
    if (state.tmpDir) fs.rmSync(state.tmpDir, { recursive: true, force: true })
  })()
  return state.cleanedUp
}

function printServerLogTail(): void {
  if (!state.serverLog) return
  console.log(`[browser] end of the server log:\n${tail(state.serverLog)}`)
}

// ---------------------------------------------------------------------------------------------
// Browser helpers
// ---------------------------------------------------------------------------------------------

/**
 * Signs in through the real login form. The users collection logs in with username or email
 * (`loginWithUsername` + `allowEmailLogin`), so Payload renders one "Email or Username" text
 * input named `username`; a plain email login would render `email` instead. Either is accepted.
 */
async function signIn(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/admin/login`, { timeout: FIRST_RENDER_TIMEOUT_MS })
  const identity = page.locator('form input[name="username"], form input[name="email"]').first()
  await identity.waitFor({ state: 'visible', timeout: FIRST_RENDER_TIMEOUT_MS })
  await identity.fill(email)
  await page.locator('form input[name="password"]').fill(password)
  await page.locator('form button[type="submit"]').click()
}

/** Fails unless the current path matches, with the path we did get in the message. */
async function waitForPath(page: Page, test: (pathname: string) => boolean, what: string, timeout = STEP_TIMEOUT_MS) {
  try {
    await page.waitForURL((url) => test(url.pathname), { timeout })
  } catch {
    throw new Error(`expected ${what}, but the page is at ${new URL(page.url()).pathname}`)
  }
}

// ---------------------------------------------------------------------------------------------
// Scenarios
// ---------------------------------------------------------------------------------------------

type Ctx = {
  baseUrl: string
  admin: { email: string; password: string }
  author: { email: string; password: string }
  learner: { email: string; password: string }
}

type ModuleDoc = { id: number | string; name: string; _status?: string }

async function getModuleAnonymously(baseUrl: string, id: string): Promise<ModuleDoc> {
  const res = await fetch(`${baseUrl}/api/modules/${id}?depth=0`)
  if (res.status !== 200) throw new Error(`GET /api/modules/${id} answered ${res.status}: ${await res.text()}`)
  return (await res.json()) as ModuleDoc
}

async function authorPublishesAModule(ctx: Ctx, page: Page): Promise<void> {
  await signIn(page, ctx.baseUrl, ctx.author.email, ctx.author.password)
  await waitForPath(page, (p) => p === '/admin' || p === '/admin/', 'the dashboard after sign-in')
  // The navigation lists the collections only to someone allowed in.
  await page
    .locator('nav a[href="/admin/collections/modules"]')
    .first()
    .waitFor({ state: 'attached', timeout: FIRST_RENDER_TIMEOUT_MS })
  log('A: author signed in, dashboard shown')
  // Learner analytics are for admins: no charts on an author's dashboard, no nav link, and the page itself says no.
  if ((await page.locator('[data-testid="dashboard-analytics"], #nav-analytics').count()) > 0) {
    throw new Error("an author's dashboard shows the analytics charts or their link")
  }
  await page.goto(`${ctx.baseUrl}/admin/analytics`, { timeout: FIRST_RENDER_TIMEOUT_MS })
  await page.getByText('Only admins can see learner analytics.').waitFor({ state: 'visible', timeout: FIRST_RENDER_TIMEOUT_MS })
  if ((await page.locator('[data-testid="analytics-charts"]').count()) > 0) throw new Error('/admin/analytics drew charts for an author')
  log('A: no analytics for the author (dashboard, navigation, /admin/analytics)')

  await page.goto(`${ctx.baseUrl}/admin/collections/modules`, { timeout: FIRST_RENDER_TIMEOUT_MS })
  const row = page.locator('table a', { hasText: MODULE_NAME }).first()
  await row.waitFor({ state: 'visible', timeout: FIRST_RENDER_TIMEOUT_MS })
  log('A: modules list shown')
  await row.click()
  await waitForPath(page, (p) => /^\/admin\/collections\/modules\/[^/]+$/.test(p) && !p.endsWith('/create'), 'a module edit view')
  const id = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() as string)

  // Before: the public API serves the seeded, published name.
  const before = await getModuleAnonymously(ctx.baseUrl, id)
  if (before.name !== MODULE_NAME) throw new Error(`module ${id} is named "${before.name}", expected "${MODULE_NAME}"`)

  const nameInput = page.locator('input[name="name"]')
  await nameInput.waitFor({ state: 'visible', timeout: FIRST_RENDER_TIMEOUT_MS })
  // The form is usable once it has loaded the document's values.
  await page.waitForFunction(
    (expected) => (document.querySelector('input[name="name"]') as HTMLInputElement | null)?.value === expected,
    MODULE_NAME,
    { timeout: STEP_TIMEOUT_MS },
  )
  const newName = `${MODULE_NAME} (browser test ${randomBytes(4).toString('hex')})`
  await nameInput.fill(newName)
  log(`A: module ${id} renamed in the form to "${newName}"`)

  const publish = page.getByRole('button', { name: 'Publish changes' })
  // Payload enables the button once the form knows it was modified.
  await publish.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS })
  await page.waitForFunction(
    () => {
      const button = [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Publish changes')
      return Boolean(button && !button.disabled)
    },
    undefined,
    { timeout: STEP_TIMEOUT_MS },
  )
  await publish.click()

  // Payload shows a success toast once the server accepted the publish.
  const toast = page.locator('.payload-toast-container .toast-success')
  await toast.first().waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS })
  log(`A: success toast: "${(await toast.first().innerText()).trim()}"`)

  // After: an anonymous reader, who only ever gets published versions, sees the new name.
  const after = await getModuleAnonymously(ctx.baseUrl, id)
  if (after.name !== newName) {
    throw new Error(`GET /api/modules/${id} serves "${after.name}" after publishing, expected "${newName}"`)
  }
  log(`A: GET /api/modules/${id}?depth=0 (anonymous) serves the new name`)
}

async function learnerIsRefused(ctx: Ctx, page: Page): Promise<void> {
  await signIn(page, ctx.baseUrl, ctx.learner.email, ctx.learner.password)
  // Signing in itself works (learners use the same accounts for the app), but the admin
  // sends a signed-in user without admin access to its "unauthorized" view.
  await waitForPath(page, (p) => p === '/admin/unauthorized', '/admin/unauthorized after the learner signed in')
  await page
    .getByText('this user does not have access to the admin panel', { exact: false })
    .first()
    .waitFor({ state: 'visible', timeout: FIRST_RENDER_TIMEOUT_MS })
  log('B: learner sent to /admin/unauthorized ("this user does not have access to the admin panel")')

  // Going straight to the dashboard or a collection must not get around it.
  for (const route of ['/admin', '/admin/collections/modules']) {
    await page.goto(`${ctx.baseUrl}${route}`, { timeout: FIRST_RENDER_TIMEOUT_MS })
    await waitForPath(page, (p) => p === '/admin/unauthorized', `${route} to redirect to /admin/unauthorized`)
    const nav = await page.locator('a[href^="/admin/collections/"]').count()
    if (nav > 0) throw new Error(`${route} shows ${nav} collection link(s) to a learner`)
    log(`B: ${route} → /admin/unauthorized, no collection links`)
  }
}


type Summary = { from: string; to: string; days: Record<string, number | string>[]; totals: Record<string, number> }

const METRICS = ['activeLearners', 'signups', 'onboardingCompletions', 'moduleCompletions', 'venueEntries', 'milestonePasses']

/** Two learners sign up through the API (events `user_signup`), one onboards as a board-facing manager. */
async function learnersArrive(baseUrl: string): Promise<{ boardUsername: string; otherUsername: string }> {
  const suffix = randomBytes(3).toString('hex')
  const names = [`board_${suffix}`, `other_${suffix}`]
  const tokens: string[] = []
  for (const username of names) {
    const res = await fetch(`${baseUrl}/api/users/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: `${username}@example.com`, username, password: randomBytes(12).toString('base64url') }),
    })
    if (res.status !== 201) throw new Error(`sign-up of ${username} answered ${res.status}: ${await res.text()}`)
    tokens.push(((await res.json()) as { token: string }).token)
  }
  const res = await fetch(`${baseUrl}/api/learn/onboarding`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `JWT ${tokens[0]}` },
    body: JSON.stringify({
      jobRole: 'manager',
      typicalAudience: 'board_members',
      mainGoal: 'handle_pressure',
      comfortUnderPressure: 'get_nervous',
      timePressureProfile: 'deadline',
      preferredPracticeTime: 'morning',
      dailyGoalMinutes: 20,
      timezone: 'Europe/Paris',
    }),
  })
  if (res.status !== 200) throw new Error(`onboarding answered ${res.status}: ${await res.text()}`)
  return { boardUsername: names[0] as string, otherUsername: names[1] as string }
}

/** What the charts in `root` say, read from the DOM: each metric's headline and its bars. */
async function chartsOnPage(page: Page, root: string) {
  return page.locator(`${root} figure[data-metric]`).evaluateAll((figures) =>
    figures.map((f) => ({
      metric: f.getAttribute('data-metric'),
      total: Number(f.querySelector('[data-role="total"]')?.textContent),
      bars: [...f.querySelectorAll('rect[data-day]')].map((r) => [r.getAttribute('data-day'), Number(r.getAttribute('data-value'))]),
      drawn: [...f.querySelectorAll('rect[data-day]')].filter((r) => (r as SVGRectElement).getBoundingClientRect().height > 0).length,
      visible: (f as HTMLElement).offsetHeight > 0,
    })),
  )
}

/** Fails unless the charts show exactly the summary the API serves, day by day, and draw every non-zero day. */
function compareCharts(where: string, shown: Awaited<ReturnType<typeof chartsOnPage>>, api: Summary): void {
  if (shown.map((c) => c.metric).join() !== METRICS.join()) throw new Error(`${where}: charts for ${shown.map((c) => c.metric).join()}, expected ${METRICS.join()}`)
  for (const chart of shown) {
    const metric = chart.metric as string
    if (!chart.visible) throw new Error(`${where}: the ${metric} chart is not visible`)
    if (chart.total !== api.totals[metric]) throw new Error(`${where}: ${metric} shows ${chart.total}, the API says ${api.totals[metric]}`)
    const expected = api.days.map((d) => [d.day, d[metric]])
    if (JSON.stringify(chart.bars) !== JSON.stringify(expected)) {
      throw new Error(`${where}: ${metric} bars ${JSON.stringify(chart.bars)} differ from the API's ${JSON.stringify(expected)}`)
    }
    const nonZero = expected.filter(([, v]) => Number(v) > 0).length
    if (chart.drawn !== nonZero) throw new Error(`${where}: ${metric} draws ${chart.drawn} bars for ${nonZero} non-zero days`)
  }
}

async function summaryAsAdmin(page: Page, baseUrl: string, from: string, to: string): Promise<Summary> {
  const res = await fetchInPage(page, `${baseUrl}/api/admin/analytics/summary?from=${from}&to=${to}`)
  if (res.status !== 200) throw new Error(`GET /api/admin/analytics/summary answered ${res.status}: ${res.text}`)
  return JSON.parse(res.text) as Summary
}

/**
 * A GET from inside the page, with the admin's session cookie as the browser sends it
 * (the production cookie is `Secure`, which only the browser itself sends to http://127.0.0.1).
 */
function fetchInPage(page: Page, url: string): Promise<{ status: number; text: string }> {
  return page.evaluate(async (u) => {
    const res = await fetch(u, { credentials: 'include' })
    return { status: res.status, text: await res.text() }
  }, url)
}

async function adminReadsTheConsole(ctx: Ctx, page: Page): Promise<void> {
  const { boardUsername, otherUsername } = await learnersArrive(ctx.baseUrl)
  log(`C: learners ${boardUsername} (onboarded, board members) and ${otherUsername} signed up`)

  await signIn(page, ctx.baseUrl, ctx.admin.email, ctx.admin.password)
  await waitForPath(page, (p) => p === '/admin' || p === '/admin/', 'the dashboard after sign-in')
  await page.locator('#nav-analytics').first().waitFor({ state: 'attached', timeout: FIRST_RENDER_TIMEOUT_MS })

  await page.goto(`${ctx.baseUrl}/admin/analytics`, { timeout: FIRST_RENDER_TIMEOUT_MS })
  await page.locator('[data-testid="analytics-charts"]').waitFor({ state: 'visible', timeout: FIRST_RENDER_TIMEOUT_MS })
  const from = await page.locator('input[name="from"]').inputValue()
  const to = await page.locator('input[name="to"]').inputValue()
  // The hourly job has not run yet in this fresh server: the button recounts the shown range now.
  await page.getByRole('button', { name: 'Recount now' }).click()
  await page.locator('.payload-toast-container .toast-success').first().waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS })
  await page.waitForFunction(
    () => Number(document.querySelector('figure[data-metric="signups"] [data-role="total"]')?.textContent) >= 2,
    undefined,
    { timeout: STEP_TIMEOUT_MS },
  )
  const api = await summaryAsAdmin(page, ctx.baseUrl, from, to)
  if (api.totals.signups! < 2 || api.totals.onboardingCompletions! < 1) throw new Error(`the summary missed the new learners: ${JSON.stringify(api.totals)}`)
  compareCharts('/admin/analytics', await chartsOnPage(page, '[data-testid="analytics-charts"]'), api)
  log(`C: /admin/analytics ${from}..${to} matches the summary API (sign-ups ${api.totals.signups}, onboardings ${api.totals.onboardingCompletions}, peak active ${api.totals.activeLearners})`)

  await page.goto(`${ctx.baseUrl}/admin`, { timeout: FIRST_RENDER_TIMEOUT_MS })
  const dashboard = '[data-testid="dashboard-analytics"]'
  await page.locator(dashboard).waitFor({ state: 'visible', timeout: FIRST_RENDER_TIMEOUT_MS })
  const bars = await page.locator(`${dashboard} figure[data-metric="signups"] rect[data-day]`).evaluateAll((rects) => rects.map((r) => r.getAttribute('data-day')))
  const recent = await summaryAsAdmin(page, ctx.baseUrl, bars[0] as string, bars[bars.length - 1] as string)
  compareCharts('the dashboard', await chartsOnPage(page, dashboard), recent)
  log(`C: the dashboard's last ${bars.length} days match the summary API`)

  await page.goto(`${ctx.baseUrl}/admin/collections/users`, { timeout: FIRST_RENDER_TIMEOUT_MS })
  const tools = page.locator('[data-testid="learner-list-tools"]')
  await tools.waitFor({ state: 'visible', timeout: FIRST_RENDER_TIMEOUT_MS })
  await page.getByRole('button', { name: 'Practice' }).click()
  await page.waitForFunction(() => document.querySelector('[data-testid="learner-list-tools"]')?.getAttribute('data-active-view') === 'practice', undefined, { timeout: STEP_TIMEOUT_MS })
  await page.locator('table thead', { hasText: 'Typical audience' }).first().waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS })
  log('C: learner list switched to the practice columns')

  // Payload's search box: by the audience's label, a select field.
  await page.locator('.search-filter__input, input[placeholder^="Search"]').first().fill('Board members')
  await page.waitForFunction(
    ([shown, hidden]) => {
      const text = document.querySelector('table tbody')?.textContent ?? ''
      return text.includes(shown as string) && !text.includes(hidden as string)
    },
    [boardUsername, otherUsername],
    { timeout: STEP_TIMEOUT_MS },
  )
  const rows = await page.locator('table tbody tr').count()
  log(`C: searching "Board members" lists ${rows} learner(s), ${boardUsername} among them`)

  const href = await page.locator('[data-testid="learner-csv"]').getAttribute('href')
  const url = new URL(href ?? '', ctx.baseUrl)
  if (url.searchParams.get('view') !== 'practice' || url.searchParams.get('q') !== 'Board members') throw new Error(`the CSV link is ${href}`)
  const csv = await fetchInPage(page, url.toString())
  const text = csv.text
  if (csv.status !== 200 || !text.includes(boardUsername) || text.includes(otherUsername) || !text.startsWith('"id","username","profile_job_role"')) {
    throw new Error(`the CSV export of the search answered ${csv.status}: ${text.slice(0, 300)}`)
  }
  if (text.trim().split('\r\n').length - 1 !== rows) throw new Error(`the CSV has ${text.trim().split('\r\n').length - 1} rows, the list ${rows}`)
  log('C: the CSV export holds the same learners in the practice columns')
}

async function apiReferenceRenders(ctx: Ctx, page: Page): Promise<void> {
  const foreign: string[] = []
  page.on('request', (request) => {
    if (!request.url().startsWith(ctx.baseUrl) && !request.url().startsWith('data:')) foreign.push(request.url())
  })
  const spec = (await (await fetch(`${ctx.baseUrl}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> }
  const methods = new Set(['get', 'post', 'put', 'patch', 'delete'])
  const operations = Object.values(spec.paths).reduce((n, item) => n + Object.keys(item).filter((m) => methods.has(m)).length, 0)
  await page.goto(`${ctx.baseUrl}/api/docs`, { timeout: FIRST_RENDER_TIMEOUT_MS })
  // An operation with two tags is drawn under both: count distinct method + path.
  await page.waitForFunction(
    (n) => {
      const shown = new Set(
        [...document.querySelectorAll('.opblock')].map((b) => `${b.querySelector('.opblock-summary-method')?.textContent} ${b.querySelector('[data-path]')?.getAttribute('data-path')}`),
      )
      return shown.size === n
    },
    operations,
    { timeout: STEP_TIMEOUT_MS },
  )
  if (foreign.length) throw new Error(`/api/docs fetched from elsewhere: ${foreign.join(', ')}`)
  log(`D: /api/docs renders all ${operations} operations of /api/openapi.json from this server alone`)
}

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------

const scenarios: [string, (ctx: Ctx, page: Page) => Promise<void>][] = [
  ['A: an author publishes a renamed module', authorPublishesAModule],
  ['B: a learner is refused the admin panel', learnerIsRefused],
  ['C: an admin reads the operator console', adminReadsTheConsole],
  ['D: the API reference renders', apiReferenceRenders],
]

async function main(): Promise<number> {
  const buildId = path.join(projectRoot, '.next', 'BUILD_ID')
  if (!fs.existsSync(buildId)) {
    throw new Error(`no production build (${path.relative(projectRoot, buildId)} is missing): run \`npm run build\` first`)
  }
  if (!fs.existsSync(SERVER_BUNDLE)) {
    throw new Error(`no server bundle (${path.relative(projectRoot, SERVER_BUNDLE)} is missing): run \`npm run build\` first`)
  }
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: apt-get update && apt-get install -y chromium`)
  }

  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'speakpro-browser-'))
  state.tmpDir = tmpDir
  // The embedded PostgreSQL runs as the `postgres` user when we are root: it must reach its dir.
  fs.chmodSync(tmpDir, 0o755)
  const dataDir = path.join(tmpDir, 'data')
  const mediaDir = path.join(tmpDir, 'media')
  fs.mkdirSync(mediaDir, { recursive: true })
  state.dataDir = dataDir
  const [pgPort, httpPort] = await twoFreePorts()
  const baseUrl = `http://127.0.0.1:${httpPort}`

  const env = childEnv({
    NODE_ENV: 'production',
    PAYLOAD_SECRET: randomBytes(36).toString('base64url'), // 48 characters
    ALLOW_EMBEDDED_DB: 'true',
    DATA_DIR: dataDir,
    EMBEDDED_PG_PORT: String(pgPort),
    PORT: String(httpPort),
    HOST: '127.0.0.1',
    AUTO_SEED: 'true',
    MEDIA_DIR: mediaDir,
  })
  const admin = { email: 'admin@example.com', password: randomBytes(18).toString('base64url') }
  const author = { email: 'author@example.com', password: randomBytes(18).toString('base64url') }
  const learner = { email: 'learner@example.com', password: randomBytes(18).toString('base64url') }
  log(`temp dir ${tmpDir}; PostgreSQL port ${pgPort}; HTTP port ${httpPort}`)

  // One at a time and before the server: each run owns the data dir while it runs.
  let t = Date.now()
  for (const [account, role] of [
    [admin, 'admin'],
    [author, 'author'],
    [learner, 'learner'],
  ] as const) {
    await runScript(
      ['src/scripts/adminCreate.ts', '--role', role],
      { ...env, ADMIN_EMAIL: account.email, ADMIN_PASSWORD: account.password },
      `adminCreate --role ${role}`,
      path.join(tmpDir, `adminCreate-${role}.log`),
    )
    log(`${role} ${account.email} created`)
  }
  log(`accounts ready in ${((Date.now() - t) / 1000).toFixed(1)} s`)

  t = Date.now()
  state.serverLog = path.join(tmpDir, 'server.log')
  const server = spawnInGroup([...SERVER_NODE_FLAGS, SERVER_BUNDLE], env, state.serverLog)
  await waitForReady(baseUrl, server)
  log(`server ready at ${baseUrl} in ${((Date.now() - t) / 1000).toFixed(1)} s`)

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    // playwright-core adds --headless itself; the rest keeps Chromium off the network and quiet.
    args: [
      '--no-sandbox',
      '--headless',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
  state.browser = browser
  const ctx: Ctx = { baseUrl, admin, author, learner }

  for (const [name, run] of scenarios) {
    // A fresh context per scenario: no cookie or storage carries over between users.
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } })
    const page = await context.newPage()
    page.setDefaultTimeout(STEP_TIMEOUT_MS)
    // The security headers must not break the admin: any resource the policy blocks fails the scenario.
    const blocked: string[] = []
    page.on('console', (message) => {
      if (/Content[- ]Security[- ]Policy/i.test(message.text())) blocked.push(message.text())
    })
    const started = Date.now()
    log(`${name}: start`)
    try {
      await run(ctx, page)
      if (blocked.length) throw new Error(`the Content-Security-Policy blocked: ${blocked.slice(0, 3).join(' | ')}`)
      state.passed++
      log(`PASS ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`)
    } catch (error) {
      state.failed++
      log(`FAIL ${name}: ${error instanceof Error ? error.message : String(error)}`)
      const shot = path.join(os.tmpdir(), `speakpro-admin-${name.slice(0, 1)}-${Date.now()}.png`)
      await page
        .screenshot({ path: shot, fullPage: true })
        .then(() => log(`screenshot: ${shot}`))
        .catch((e: unknown) => log(`no screenshot: ${String(e)}`))
    } finally {
      await context.close().catch(() => undefined)
    }
  }
  if (state.failed) printServerLogTail()
  await cleanup()
  console.log(`${state.passed} passed, ${state.failed} failed`)
  return state.failed ? 1 : 0
}

async function abort(reason: string): Promise<never> {
  log(reason)
  printServerLogTail()
  await cleanup()
  // Every scenario that did not pass (including those never reached) counts as failed.
  console.log(`${state.passed} passed, ${scenarios.length - state.passed} failed`)
  process.exit(1)
}

const overall = setTimeout(() => void abort(`FAIL: overall timeout of ${OVERALL_TIMEOUT_MS / 1000} s`), OVERALL_TIMEOUT_MS)
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void abort(`interrupted (${signal})`))

const started = Date.now()
try {
  const code = await main()
  clearTimeout(overall)
  log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  process.exit(code)
} catch (error) {
  clearTimeout(overall)
  await abort(`FAIL: ${error instanceof Error ? error.message : String(error)}`)
}
