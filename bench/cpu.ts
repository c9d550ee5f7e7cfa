import fs from 'node:fs'
import { performance } from 'node:perf_hooks'
import type { EventLoopUtilization } from 'node:perf_hooks'

/**
 * Where the CPU went during a phase: this Node process (all threads), the PostgreSQL processes
 * it started (its descendants), the whole machine, and how busy the main thread's event loop
 * was. Linux only (/proc); elsewhere the machine and PostgreSQL figures are NaN.
 */
export type CpuSnapshot = {
  at: number
  nodeMicros: number
  postgresTicks: number
  machineBusyTicks: number
  machineTotalTicks: number
  elu: EventLoopUtilization
}

export type CpuUsage = {
  /** CPU ms of this process (server, autocannon worker, pg driver) per completed purchase. */
  nodeMsPerOp: number
  /** CPU ms of the PostgreSQL processes per completed purchase. */
  postgresMsPerOp: number
  /** Busy share of all cores of the machine, 0–1. */
  machineBusy: number
  /** Busy share of the cores spent outside this process and its PostgreSQL, 0–1 (other work on the box). */
  otherBusy: number
  /** Share of the time the main thread's event loop was busy, 0–1. */
  mainThreadBusy: number
}

// USER_HZ: 100 on every mainstream Linux build; /proc reports process times in these ticks.
const TICKS_PER_SECOND = 100

function readProcStat(pid: string): { ppid: number; ticks: number } | undefined {
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

/** CPU ticks of every descendant of this process (the embedded PostgreSQL and its backends). */
function descendantTicks(): number {
  let entries: string[]
  try {
    entries = fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e))
  } catch {
    return Number.NaN
  }
  const stats = new Map<number, { ppid: number; ticks: number }>()
  for (const pid of entries) {
    const s = readProcStat(pid)
    if (s) stats.set(Number(pid), s)
  }
  let total = 0
  for (const [pid, s] of stats) {
    if (pid === process.pid) continue
    let ancestor = s.ppid
    for (let depth = 0; ancestor > 1 && depth < 16; depth++) {
      if (ancestor === process.pid) {
        total += s.ticks
        break
      }
      ancestor = stats.get(ancestor)?.ppid ?? 0
    }
  }
  return total
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

export function cpuSnapshot(): CpuSnapshot {
  const { user, system } = process.cpuUsage()
  const machine = machineTicks()
  return {
    at: performance.now(),
    nodeMicros: user + system,
    postgresTicks: descendantTicks(),
    machineBusyTicks: machine.busy,
    machineTotalTicks: machine.total,
    elu: performance.eventLoopUtilization(),
  }
}

export function cpuUsageSince(start: CpuSnapshot, operations: number): CpuUsage {
  const end = cpuSnapshot()
  const ops = Math.max(operations, 1)
  const nodeMs = (end.nodeMicros - start.nodeMicros) / 1000
  const postgresMs = ((end.postgresTicks - start.postgresTicks) * 1000) / TICKS_PER_SECOND
  const machineTotal = end.machineTotalTicks - start.machineTotalTicks
  const machineBusy = (end.machineBusyTicks - start.machineBusyTicks) / machineTotal
  // /proc/stat counts all cores: the wall time of the phase times the number of cores.
  const capacityMs = (machineTotal * 1000) / TICKS_PER_SECOND
  return {
    nodeMsPerOp: nodeMs / ops,
    postgresMsPerOp: postgresMs / ops,
    machineBusy,
    otherBusy: Math.max(0, machineBusy - (nodeMs + postgresMs) / capacityMs),
    mainThreadBusy: performance.eventLoopUtilization(end.elu, start.elu).utilization,
  }
}
