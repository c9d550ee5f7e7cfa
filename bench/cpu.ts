import fs from 'node:fs'
import { performance } from 'node:perf_hooks'

/**
 * Where the CPU went during a phase, per process tree: the server process, the PostgreSQL
 * cluster (postmaster and its backends), this process (the load generator or the raw-SQL
 * client), and the whole machine. Linux only (/proc); elsewhere the figures are NaN.
 */
export type CpuRoots = { server?: number; postgres?: number }

export type CpuSnapshot = {
  at: number
  selfMicros: number
  serverTicks: number
  postgresTicks: number
  machineBusyTicks: number
  machineTotalTicks: number
}

export type CpuUsage = {
  /** CPU ms of the server process per completed request. */
  serverMsPerOp: number
  /** CPU ms of the PostgreSQL processes per completed request. */
  postgresMsPerOp: number
  /** CPU ms of this process (autocannon, the paced client or the raw pg.Pool loop) per completed request. */
  clientMsPerOp: number
  /** Busy share of all cores of the machine, 0–1. */
  machineBusy: number
  /** Busy share of the cores spent outside these three (other work on the box), 0–1. */
  otherBusy: number
}

// USER_HZ: 100 on every mainstream Linux build; /proc reports process times in these ticks.
const TICKS_PER_SECOND = 100

type Stat = { ppid: number; ticks: number }

function readProcStat(pid: string): Stat | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    // The command name is in parentheses and may contain spaces: split after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const num = (i: number) => Number(fields[i])
    // After the name: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14).
    return { ppid: num(1), ticks: num(11) + num(12) + num(13) + num(14) }
  } catch {
    return undefined // gone, or no /proc
  }
}

/** CPU ticks of each root process plus all its descendants. */
function treeTicks(roots: number[]): number[] {
  let entries: string[]
  try {
    entries = fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e))
  } catch {
    return roots.map(() => Number.NaN)
  }
  const stats = new Map<number, Stat>()
  for (const pid of entries) {
    const s = readProcStat(pid)
    if (s) stats.set(Number(pid), s)
  }
  return roots.map((root) => {
    if (!root) return Number.NaN
    let total = 0
    for (const [pid, s] of stats) {
      let ancestor = pid
      for (let depth = 0; ancestor > 1 && depth < 16; depth++) {
        if (ancestor === root) {
          total += s.ticks
          break
        }
        ancestor = stats.get(ancestor)?.ppid ?? 0
      }
    }
    return total
  })
}

function machineTicks(): { busy: number; total: number } {
  try {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? ''
    const values = line.trim().split(/\s+/).slice(1).map(Number)
    // user nice system idle iowait irq softirq steal (guest counted in user already).
    const total = values.slice(0, 8).reduce((a, b) => a + b, 0)
    const idle = (values[3] ?? 0) + (values[4] ?? 0)
    return { busy: total - idle, total }
  } catch {
    return { busy: Number.NaN, total: Number.NaN }
  }
}

export function cpuSnapshot(roots: CpuRoots): CpuSnapshot {
  const { user, system } = process.cpuUsage()
  const machine = machineTicks()
  const [serverTicks = Number.NaN, postgresTicks = Number.NaN] = treeTicks([roots.server ?? 0, roots.postgres ?? 0])
  return {
    at: performance.now(),
    selfMicros: user + system,
    serverTicks,
    postgresTicks,
    machineBusyTicks: machine.busy,
    machineTotalTicks: machine.total,
  }
}

export function cpuUsageSince(start: CpuSnapshot, roots: CpuRoots, operations: number): CpuUsage {
  const end = cpuSnapshot(roots)
  const ops = Math.max(operations, 1)
  const tickMs = 1000 / TICKS_PER_SECOND
  const selfMs = (end.selfMicros - start.selfMicros) / 1000
  // A tree that is not measured (no server in a raw phase's roots) counts as 0 here.
  const serverMs = roots.server ? (end.serverTicks - start.serverTicks) * tickMs : 0
  const postgresMs = (end.postgresTicks - start.postgresTicks) * tickMs
  const machineTotal = end.machineTotalTicks - start.machineTotalTicks
  const machineBusy = (end.machineBusyTicks - start.machineBusyTicks) / machineTotal
  // /proc/stat counts all cores: the wall time of the phase times the number of cores.
  const capacityMs = machineTotal * tickMs
  return {
    serverMsPerOp: serverMs / ops,
    postgresMsPerOp: postgresMs / ops,
    clientMsPerOp: selfMs / ops,
    machineBusy,
    otherBusy: Math.max(0, machineBusy - (selfMs + serverMs + postgresMs) / capacityMs),
  }
}
