import type { District, Learner, Level, Module, Venue, World } from './world'

export type ModuleStatus = 'locked' | 'available' | 'in_progress' | 'complete'
export type DistrictStatus = 'locked' | 'available' | 'in_progress' | 'complete'

/**
 * The rules of spec §3.1–3.2 with the original's holes closed, as pure functions over the
 * world and one learner (no queries here, so every page costs the same few statements):
 *
 * - District N teaches Level N. The first district is open; a later one opens when the
 *   previous district's level is complete, or when the learner has full access to it.
 * - In an open district, modules unlock strictly in order: a module is available when every
 *   module before it in its level is complete. Progress on a locked module (impossible now
 *   that starting checks the lock) never makes it look open.
 * - A venue is open with its own unlock (the module whose `unlocksVenue` it is) or with full
 *   access to its district (the level's last module).
 */
export class Journey {
  private readonly modulesByLevel = new Map<number, Module[]>()
  private readonly levelByNumber = new Map<number, Level>()

  constructor(
    readonly world: World,
    readonly learner: Learner,
  ) {
    for (const m of world.modules) {
      const list = this.modulesByLevel.get(m.levelId) ?? []
      list.push(m)
      this.modulesByLevel.set(m.levelId, list)
    }
    for (const l of world.levels) this.levelByNumber.set(l.number, l)
  }

  levelOf(district: District): Level | undefined {
    return this.levelByNumber.get(district.number)
  }

  districtOfLevel(levelId: number): District | undefined {
    const level = this.world.levels.find((l) => l.id === levelId)
    return level ? this.world.districts.find((d) => d.number === level.number) : undefined
  }

  modulesOf(levelId: number | undefined): Module[] {
    return levelId === undefined ? [] : (this.modulesByLevel.get(levelId) ?? [])
  }

  isComplete(module: Module): boolean {
    return this.learner.progress.get(module.id)?.completed === true
  }

  levelComplete(levelId: number | undefined): boolean {
    const modules = this.modulesOf(levelId)
    return modules.length > 0 && modules.every((m) => this.isComplete(m))
  }

  districtOpen(district: District): boolean {
    if (this.learner.districtAccess.has(district.id)) return true
    const index = this.world.districts.findIndex((d) => d.id === district.id)
    if (index <= 0) return index === 0
    const previous = this.world.districts[index - 1] as District
    return this.levelComplete(this.levelOf(previous)?.id)
  }

  moduleStatus(module: Module): ModuleStatus {
    const progress = this.learner.progress.get(module.id)
    if (progress?.completed) return 'complete'
    const district = this.districtOfLevel(module.levelId)
    if (!district || !this.districtOpen(district)) return 'locked'
    const before = this.modulesOf(module.levelId).filter((m) => m.order < module.order || (m.order === module.order && m.id < module.id))
    if (!before.every((m) => this.isComplete(m))) return 'locked'
    return progress?.started ? 'in_progress' : 'available'
  }

  districtStatus(district: District): DistrictStatus {
    const modules = this.modulesOf(this.levelOf(district)?.id)
    if (modules.length > 0 && modules.every((m) => this.isComplete(m))) return 'complete'
    if (!this.districtOpen(district)) return 'locked'
    return modules.some((m) => this.learner.progress.get(m.id)?.started || this.isComplete(m)) ? 'in_progress' : 'available'
  }

  progressPercent(district: District): number {
    const modules = this.modulesOf(this.levelOf(district)?.id)
    if (!modules.length) return 0
    return Math.round((modules.filter((m) => this.isComplete(m)).length / modules.length) * 100)
  }

  venueOpen(venue: Venue): boolean {
    return this.learner.venueUnlocks.has(venue.id) || this.learner.districtAccess.has(venue.districtId)
  }

  venuesOf(district: District): Venue[] {
    return this.world.venues.filter((v) => v.districtId === district.id)
  }

  /** The module a learner should open next: the first in progress, else the first available. */
  resumeModule(): Module | undefined {
    const ordered = this.world.districts.flatMap((d) => this.modulesOf(this.levelOf(d)?.id))
    return ordered.find((m) => this.moduleStatus(m) === 'in_progress') ?? ordered.find((m) => this.moduleStatus(m) === 'available')
  }

  milestoneStatus(level: Level): 'locked' | 'available' | 'passed' {
    if (this.learner.milestonesPassed.has(level.id)) return 'passed'
    return this.levelComplete(level.id) ? 'available' : 'locked'
  }

  /** The module that unlocks a venue, for "complete Module B to open the Roman Forum". */
  unlockedBy(venue: Venue): Module | undefined {
    return this.world.modules.find((m) => m.unlocksVenue?.id === venue.id)
  }
}
