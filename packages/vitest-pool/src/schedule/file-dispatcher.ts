import type { DbLevel } from '@dbsafe/core'
import type { Admission, Blocker, Release } from './admission'

/** One file of a run, as the dispatcher sees it. */
export interface PlannedFile {
  /** Unique within the run (project and path). */
  id: string
  level: DbLevel
  /** Connections it may hold at once. */
  connections: number
  /**
   * Files that may take each other's place: the same project and test environment (a worker process
   * started for one can run the other).
   */
  group: string
}

/** A file handed to a worker, with its place on the server. */
export interface Grant {
  file: PlannedFile
  release: Release
  /** How long the worker waited for a file it could start (0 when one could start at once). */
  waitedMs: number
}

/** Why workers waited, and how long in all. */
export interface IdleReport {
  /** Milliseconds workers waited with no file they could start, summed over workers. */
  totalMs: number
  /** The same, by what held the best file back (`lane`: a sequential file ran or waited for the server alone). */
  byReason: Partial<Record<Blocker, number>>
  /** Files that ran in another worker's turn than Vitest handed out (a blocked file was deferred). */
  exchanged: number
}

interface Taker {
  token: string
  group: string
  since: number
  reason: Blocker | undefined
  resolve: (grant: Grant | undefined) => void
}

/**
 * A work-conserving order for one run. Vitest hands each worker the next file of its queue (in the sequencer's
 * order) and cannot be told to skip one, so every file Vitest hands out is taken as a *turn*: the worker runs the
 * best file of the run that can start now — the first in the planned order (sequential files, then longest first)
 * whose place on the server is free — and the file Vitest named waits for a later turn. Every file has exactly one
 * turn, so every file runs once. A worker waits only when no file of its group can start (only `none` files
 * could run beside a sequential one, and there are none left); that time is the {@link IdleReport}.
 *
 * While a sequential file waits for its turn on the server, no new database file starts (it would be starved
 * otherwise); files without a database keep the other workers busy. With a server of their own for sequential
 * files (see {@link Admission.ownSequentialServer}), they wait only for each other there, and nothing waits for them.
 */
export class FileDispatcher {
  readonly #admission: Admission
  readonly #clock: () => number
  #pending: PlannedFile[] = []
  readonly #planned = new Map<string, PlannedFile>()
  readonly #turnsTaken = new Set<string>()
  #takers: Taker[] = []
  #idle: IdleReport = { totalMs: 0, byReason: {}, exchanged: 0 }

  constructor(admission: Admission, clock: () => number = () => performance.now()) {
    this.#admission = admission
    this.#clock = clock
    admission.onRelease(() => this.#dispatch())
  }

  /**
   * The run's files, best first. Replaces an earlier plan: workers still waiting under it get no file (they run
   * their own, see {@link take}).
   */
  plan(files: readonly PlannedFile[]): void {
    for (const taker of this.#takers) taker.resolve(undefined)
    this.#takers = []
    this.#pending = [...files]
    this.#planned.clear()
    for (const file of files) this.#planned.set(file.id, file)
    this.#turnsTaken.clear()
    this.#idle = { totalMs: 0, byReason: {}, exchanged: 0 }
  }

  /** Whether `id`'s turn can be exchanged: it is planned and its turn not taken yet. */
  has(id: string): boolean {
    return this.#planned.has(id) && !this.#turnsTaken.has(id)
  }

  /**
   * Takes the turn Vitest gave file `token`: resolves with the file to run and its place on the server, once one
   * of its group can start. Undefined when `token` is not planned (the caller runs it as it is).
   */
  take(token: string): Promise<Grant | undefined> {
    const planned = this.#planned.get(token)
    if (!planned || this.#turnsTaken.has(token)) return Promise.resolve(undefined)
    this.#turnsTaken.add(token)
    return new Promise((resolve) => {
      this.#takers.push({ token, group: planned.group, since: this.#clock(), reason: undefined, resolve })
      this.#dispatch()
    })
  }

  /** How long workers waited so far in this run, and why. */
  idle(): IdleReport {
    const now = this.#clock()
    const report: IdleReport = { ...this.#idle, byReason: { ...this.#idle.byReason } }
    for (const taker of this.#takers) this.#count(report, taker, now)
    return report
  }

  #count(report: IdleReport, taker: Taker, now: number): void {
    const waited = now - taker.since
    if (waited <= 0) return
    report.totalMs += waited
    const reason = taker.reason ?? 'lane'
    report.byReason[reason] = (report.byReason[reason] ?? 0) + waited
  }

  #dispatch(): void {
    const waiting: Taker[] = []
    for (const taker of this.#takers) {
      const pick = this.#pick(taker.group)
      if (pick.file === undefined) {
        // Nothing of its group left at all: the plan did not match Vitest's queue; the caller runs its own file.
        if (!this.#pending.some((file) => file.group === taker.group)) taker.resolve(undefined)
        else {
          taker.reason ??= pick.blocker
          waiting.push(taker)
        }
        continue
      }
      const file = pick.file
      this.#pending.splice(this.#pending.indexOf(file), 1)
      const now = this.#clock()
      this.#count(this.#idle, taker, now)
      if (file.id !== taker.token) this.#idle.exchanged++
      const release = this.#admission.hold(file.level, file.connections)
      taker.resolve({ file, release, waitedMs: now - taker.since })
    }
    this.#takers = waiting
  }

  /** The best file of `group` that can start now, or what holds the best one back. */
  #pick(group: string): { file?: PlannedFile; blocker?: Blocker } {
    const candidates = this.#pending.filter((file) => file.group === group)
    const sequentialWaits =
      !this.#admission.hasOwnSequentialServer && candidates.some((file) => file.level === 'sequential')
    let first: Blocker | undefined
    for (const file of candidates) {
      const database = file.level !== 'none' && file.level !== 'sequential'
      const blocker =
        database && sequentialWaits ? 'lane' : this.#admission.blocker(file.level, file.connections)
      if (blocker === undefined) return { file }
      first ??= blocker
    }
    return { blocker: first }
  }
}
