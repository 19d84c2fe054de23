import type { DbLevel } from '@dbsafe/core'
import { Admission, type AdmissionLimits, type Release } from './admission'
import { FileDispatcher } from './file-dispatcher'

interface Waiter {
  level: DbLevel
  connections: number
  grant: (release: Release) => void
}

/** What {@link FileScheduler} needs to know. */
export type FileSchedulerLimits = AdmissionLimits

/**
 * Decides when a test file may start, in the main process: the run's files go through the
 * {@link FileDispatcher} (a worker whose file cannot start yet runs another that can), and a file outside the
 * run's plan (a rerun of a misclassified file, a request the plan did not foresee) waits with {@link admit}.
 * Both share one {@link Admission}: the sequential lane, the caps the user set, and the connection budget.
 */
export class FileScheduler {
  readonly admission: Admission
  readonly dispatcher: FileDispatcher
  #waiting: Waiter[] = []

  constructor(limits: FileSchedulerLimits) {
    this.admission = new Admission(limits)
    // Waiters outside the plan were already running (a rerun): they look first after each release.
    this.admission.onRelease(() => this.#drain())
    this.dispatcher = new FileDispatcher(this.admission)
  }

  /** Waits until a file at `level` that may open `connections` connections can start; resolves to its release. */
  admit(level: DbLevel, connections: number): Promise<Release> {
    return new Promise((grant) => {
      this.#waiting.push({ level, connections, grant })
      this.#drain()
    })
  }

  #drain(): void {
    const still: Waiter[] = []
    // A sequential file that waits is not overtaken by database files that came after it (it would starve).
    let sequentialAhead = false
    for (const waiter of this.#waiting) {
      const overtakes = sequentialAhead && waiter.level !== 'none'
      if (!overtakes && this.admission.blocker(waiter.level, waiter.connections) === undefined) {
        waiter.grant(this.admission.hold(waiter.level, waiter.connections))
        continue
      }
      still.push(waiter)
      if (waiter.level === 'sequential' && !this.admission.hasOwnSequentialServer) sequentialAhead = true
    }
    this.#waiting = still
  }
}
