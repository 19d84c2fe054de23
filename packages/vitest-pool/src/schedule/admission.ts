import type { DbLevel } from '@dbsafe/core'
import type { CappedLevel } from './schedule-presets'

/**
 * Gives back a file's place on the server. Idempotent. `server`: for a sequential file on the sequential files'
 * own servers, which of them it holds (0 for the first started).
 */
export type Release = (() => void) & { readonly server?: number }

/** How the sequential files' own servers grow (see {@link Admission.ownSequentialServer}). */
export interface OwnSequentialServers {
  /** Servers at most (at least 1): Vitest's `maxWorkers`, as no more sequential files can run at once. Default 1. */
  capacity?: number
  /**
   * Starts one more server; called (once at a time) when a sequential file waits because every server that is up
   * runs one, and fewer than `capacity` are up. Its end is {@link Admission.sequentialServerUp} or
   * {@link Admission.sequentialServerFailed}.
   */
  grow?: () => void
}

interface OwnServersState {
  busy: boolean[]
  capacity: number
  grow: (() => void) | undefined
  growing: boolean
}

/** What {@link Admission} needs to know. */
export interface AdmissionLimits {
  /** Files of each level running at once (only what the user set: no level needs a cap for its isolation). */
  levelConcurrency: Partial<Record<CappedLevel, number>>
  /**
   * Connections database files may hold together; undefined until the server has told its `max_connections`
   * (database files wait for it, see {@link Admission.setConnectionBudget}).
   */
  connectionBudget?: number
}

/**
 * Why a file cannot start right now: `server` (not started yet: the main server, or the sequential files' own),
 * `lane` (a sequential file holds the server or waits for it alone; on their own server, another sequential file
 * runs there), `level-cap` (a `levelConcurrency` the user set), `connections` (the budget is spent).
 */
export type Blocker = 'server' | 'lane' | 'level-cap' | 'connections'

/**
 * What runs on the server right now, and whether one more file may start, decided at once (no waiting):
 * - `none` files always may: they touch no database;
 * - a `sequential` file may when no other database file runs (it holds the server alone); with a server of
 *   their own for sequential files ({@link ownSequentialServer}), when that server is up and no other sequential
 *   file runs there, whatever runs on the main server;
 * - any other database file may when no sequential file runs on the main server, its level's cap (if any) has
 *   room, and its connections fit the budget (a file heavier than the whole budget may start when no other
 *   database file holds connections, so it runs alone instead of never).
 * Listeners hear every release, so whoever waits can look again.
 */
export class Admission {
  #budget: number | undefined
  readonly #caps: Partial<Record<CappedLevel, number>>
  readonly #byLevel = new Map<DbLevel, number>()
  readonly #listeners = new Set<() => void>()
  #databaseFiles = 0
  #sequential = false
  #connections = 0
  /**
   * The servers of their own sequential files run on, when they have them: one entry per server that is up
   * (whether a sequential file runs there), in the order they came up; whether one more is starting.
   */
  #own: OwnServersState | undefined

  constructor(limits: AdmissionLimits) {
    this.#caps = limits.levelConcurrency
    if (limits.connectionBudget !== undefined) this.setConnectionBudget(limits.connectionBudget)
  }

  /** The connection budget, once known. */
  get connectionBudget(): number | undefined {
    return this.#budget
  }

  /** Sets the connection budget (the server answered); whoever waits for the server looks again. */
  setConnectionBudget(budget: number): void {
    this.#budget = Math.max(1, Math.floor(budget))
    this.#notify()
  }

  /**
   * Sequential files run on servers of their own from now on, one at a time on each, beside every other file on
   * the main server; they wait (`server`) until the first is up ({@link sequentialServerUp}). When every server
   * that is up runs one and a sequential file waits, one more starts (`grow`), up to `capacity`.
   */
  ownSequentialServer(servers: OwnSequentialServers = {}): void {
    this.#own ??= {
      busy: [],
      capacity: Math.max(1, servers.capacity ?? 1),
      grow: servers.grow,
      growing: false,
    }
  }

  /** One more of the sequential files' own servers is up: a sequential file may start there. */
  sequentialServerUp(): void {
    if (this.#own === undefined) return
    this.#own.busy.push(false)
    this.#own.growing = false
    this.#notify()
  }

  /**
   * One of the sequential files' own servers could not start. The first: they take the lane on the main server
   * again (no sequential file has started on a server of its own). A later one: they keep the servers that are
   * up, and no more start.
   */
  sequentialServerFailed(): void {
    if (this.#own === undefined) return
    if (this.#own.busy.length === 0) this.#own = undefined
    else Object.assign(this.#own, { capacity: this.#own.busy.length, growing: false })
    this.#notify()
  }

  /**
   * Whether sequential files run on a server of their own; else they take the lane on the main server, and one
   * that waits for its turn holds back new database files (it would be starved otherwise).
   */
  get hasOwnSequentialServer(): boolean {
    return this.#own !== undefined
  }

  /** Why a file at `level` opening up to `connections` connections cannot start now; undefined when it can. */
  blocker(level: DbLevel, connections: number): Blocker | undefined {
    if (level === 'none') return undefined
    if (level === 'sequential' && this.#own) return this.#ownBlocker(this.#own)
    if (this.#budget === undefined) return 'server'
    if (this.#sequential) return 'lane'
    if (level === 'sequential') return this.#databaseFiles > 0 ? 'lane' : undefined
    const cap = this.#caps[level as CappedLevel]
    if (cap !== undefined && (this.#byLevel.get(level) ?? 0) >= Math.max(1, cap)) return 'level-cap'
    const weight = Math.min(connections, this.#budget)
    if (this.#connections > 0 && this.#connections + weight > this.#budget) return 'connections'
    return undefined
  }

  /** Takes the file's place on the server (the caller checked {@link blocker}); the release is idempotent. */
  hold(level: DbLevel, connections: number): Release {
    if (level === 'none') return () => {}
    const own = level === 'sequential' ? this.#own : undefined
    if (own) return this.#holdOwn(own)
    const weight = level === 'sequential' ? 0 : Math.min(connections, this.#budget ?? connections)
    if (level === 'sequential') this.#sequential = true
    this.#databaseFiles++
    this.#byLevel.set(level, (this.#byLevel.get(level) ?? 0) + 1)
    this.#connections += weight
    let released = false
    return () => {
      if (released) return
      released = true
      if (level === 'sequential') this.#sequential = false
      this.#databaseFiles--
      this.#byLevel.set(level, (this.#byLevel.get(level) ?? 1) - 1)
      this.#connections -= weight
      this.#notify()
    }
  }

  #ownBlocker(own: OwnServersState): Blocker | undefined {
    if (own.busy.includes(false)) return undefined
    if (own.busy.length === 0) return 'server'
    if (!own.growing && own.busy.length < own.capacity && own.grow) {
      own.growing = true
      queueMicrotask(own.grow)
    }
    return 'lane'
  }

  #holdOwn(own: OwnServersState): Release {
    const server = own.busy.indexOf(false)
    own.busy[server] = true
    let released = false
    const release = () => {
      if (released) return
      released = true
      own.busy[server] = false
      this.#notify()
    }
    return Object.assign(release, { server })
  }

  #notify(): void {
    for (const listener of [...this.#listeners]) listener()
  }

  /** Calls `listener` after every release (and once the budget is known); returns the unsubscribe. */
  onRelease(listener: () => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /** Database files running now on the main server (for diagnostics and tests). */
  get running(): number {
    return this.#databaseFiles
  }
}
