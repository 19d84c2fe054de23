import { DbsafeError, isDbsafeError } from '@dbsafe/core'
import { isConnectionError } from '../server/connection-errors'
import type { CircuitBreaker } from './circuit-breaker'

/** Default of `outageToleranceMs`. */
export const DEFAULT_OUTAGE_TOLERANCE_MS = 60_000

/** First wait between two probes of an outage; doubled after each failed probe up to {@link MAX_PROBE_INTERVAL_MS}. */
const FIRST_PROBE_INTERVAL_MS = 100
const MAX_PROBE_INTERVAL_MS = 1_000

/** Options of {@link OutageGate}. */
export interface OutageGateOptions {
  /** The provisioner's breaker: the outage began at its first failure, and a successful probe closes it. */
  breaker: CircuitBreaker
  /** Throws unless the server answers (bounded by the connect and query timeouts). */
  probe: () => Promise<void>
  /** How long files wait for a server that went away before they fail. */
  toleranceMs: number
  /** The server, password redacted, for messages. */
  server: string
  log: (message: string) => void
  /** Clock, for tests. Default: Date.now. */
  now?: () => number
}

/** One time the server was away. */
export interface Outage {
  startedAt: number
  /** When a probe got an answer again; undefined while it lasts. */
  endedAt?: number
  /** Files that waited for it. */
  waiters: number
}

interface CurrentOutage extends Outage {
  recovered: Promise<void>
  /** Probes that got no answer: none means the server answered at once (the error was no outage). */
  failedProbes: number
  lastError: unknown
  gaveUp: boolean
}

/**
 * Rides out a server that went away (restarted, frozen, cut off): files that need a database while it is away wait
 * for it instead of failing, up to `toleranceMs` after the outage began. One probe loop per outage serves every
 * waiting file (a connect and `SELECT 1`, each bounded by the connect timeout; the first probe after 100 ms, then
 * at most 1 s apart). When a probe succeeds the circuit closes and every waiting file goes on; the log says how
 * long the server was away.
 */
export class OutageGate {
  readonly #options: OutageGateOptions
  readonly #now: () => number
  readonly #past: Outage[] = []
  #current: CurrentOutage | undefined
  #closed = false
  readonly #whenClosed: Promise<'closed'>
  #resolveClosed: () => void = () => {}

  constructor(options: OutageGateOptions) {
    this.#options = options
    this.#now = options.now ?? Date.now
    this.#whenClosed = new Promise((resolve) => {
      this.#resolveClosed = () => resolve('closed')
    })
  }

  /** Whether `error` says the server is away (worth waiting for), not that a statement or the setup failed. */
  static isOutage(error: unknown): boolean {
    return (
      isDbsafeError(error, 'DBSAFE_CIRCUIT_OPEN') ||
      isDbsafeError(error, 'DBSAFE_SERVER_UNREACHABLE') ||
      (!isDbsafeError(error) && isConnectionError(error))
    )
  }

  /** Whether the server is away right now (an outage began and no probe has got an answer since). */
  get away(): boolean {
    return this.#current !== undefined
  }

  /**
   * The error a file gets at once, without trying the server: the current outage has lasted longer than
   * `toleranceMs`. Undefined while the server answers, or while files still wait for it.
   */
  tooLong(): DbsafeError | undefined {
    const outage = this.#current
    if (!outage || outage.startedAt + this.#options.toleranceMs > this.#now()) return undefined
    return this.#tooLong(outage)
  }

  /** Every outage of the run so far, the current one last. */
  get outages(): readonly Outage[] {
    return this.#current ? [...this.#past, this.#snapshot(this.#current)] : [...this.#past]
  }

  /**
   * Resolves once the server answers again: true when it had been away (a probe went unanswered), false when it
   * answered the first probe. Rejects with DBSAFE_SERVER_UNREACHABLE when the outage has lasted `toleranceMs` (at
   * once for a file that arrives later, while the server is still away), or with `error` when the run closes.
   */
  async waitForServer(error: unknown): Promise<boolean> {
    if (this.#closed) throw error
    const outage = this.#begin(error)
    outage.waiters++
    const remainingMs = outage.startedAt + this.#options.toleranceMs - this.#now()
    if (remainingMs <= 0 || outage.gaveUp) throw this.#tooLong(outage)
    let timer: NodeJS.Timeout | undefined
    const expired = new Promise<'expired'>((resolve) => {
      timer = setTimeout(() => resolve('expired'), remainingMs)
    })
    try {
      const outcome = await Promise.race([outage.recovered, expired, this.#whenClosed])
      if (outcome === 'closed') throw error
      if (outcome !== 'expired') return outage.failedProbes > 0
      if (!outage.gaveUp) {
        outage.gaveUp = true
        this.#options.log(
          `dbsafe: PostgreSQL at ${this.#options.server} has not answered for ${seconds(this.#now() - outage.startedAt)} (outageToleranceMs ${this.#options.toleranceMs} ms): database files fail until it answers again.`,
        )
      }
      throw this.#tooLong(outage)
    } finally {
      clearTimeout(timer)
    }
  }

  /** A line for the end of the run when the server was away, undefined otherwise. */
  summary(): string | undefined {
    const outages = this.outages
    if (outages.length === 0) return undefined
    const away = outages.reduce(
      (sum, outage) => sum + ((outage.endedAt ?? this.#now()) - outage.startedAt),
      0,
    )
    const waiters = outages.reduce((sum, outage) => sum + outage.waiters, 0)
    const ongoing = outages.some((outage) => outage.endedAt === undefined) ? ' (still away at the end)' : ''
    return `dbsafe: PostgreSQL at ${this.#options.server} was away ${outages.length} time(s), ${seconds(away)} in all${ongoing}; ${waiters} database file(s) waited for it.`
  }

  /** Stops probing: waiting files fail with the error that made them wait. */
  close(): void {
    this.#closed = true
    this.#resolveClosed()
  }

  #begin(error: unknown): CurrentOutage {
    if (this.#current) {
      this.#current.lastError = error
      return this.#current
    }
    let recover = () => {}
    const outage: CurrentOutage = {
      startedAt: this.#options.breaker.failingSince ?? this.#now(),
      waiters: 0,
      failedProbes: 0,
      recovered: new Promise<void>((resolve) => {
        recover = resolve
      }),
      lastError: error,
      gaveUp: false,
    }
    this.#current = outage
    void this.#probeUntilBack(outage, recover)
    return outage
  }

  async #probeUntilBack(outage: CurrentOutage, recover: () => void): Promise<void> {
    let intervalMs = FIRST_PROBE_INTERVAL_MS
    while (!this.#closed) {
      await new Promise((resolve) => setTimeout(resolve, intervalMs).unref())
      if (this.#closed) return
      try {
        await this.#options.probe()
      } catch (error) {
        outage.lastError = error
        outage.failedProbes++
        intervalMs = Math.min(intervalMs * 2, MAX_PROBE_INTERVAL_MS)
        continue
      }
      this.#options.breaker.recordSuccess()
      outage.endedAt = this.#now()
      this.#past.push(this.#snapshot(outage))
      this.#current = undefined
      this.#options.log(
        `dbsafe: PostgreSQL at ${this.#options.server} answers again after ${seconds(outage.endedAt - outage.startedAt)} away; ${outage.waiters} database file(s) waited for it instead of failing.`,
      )
      recover()
      return
    }
  }

  #snapshot(outage: Outage): Outage {
    return {
      startedAt: outage.startedAt,
      ...(outage.endedAt === undefined ? {} : { endedAt: outage.endedAt }),
      waiters: outage.waiters,
    }
  }

  #tooLong(outage: CurrentOutage): DbsafeError {
    const cause = outage.lastError
    return new DbsafeError(
      'DBSAFE_SERVER_UNREACHABLE',
      `PostgreSQL at ${this.#options.server} has been away for ${seconds(this.#now() - outage.startedAt)}, longer than outageToleranceMs (${this.#options.toleranceMs} ms): ${rootMessage(cause)}.`,
      {
        cause,
        hint: 'Bring the server back (or fix the network); files start again as soon as it answers. To wait longer for it, raise outageToleranceMs.',
      },
    )
  }
}

/** What the server (or the socket) said last: the innermost cause, past dbsafe's own wrapping errors. */
function rootMessage(error: unknown): string {
  let current = error
  while (isDbsafeError(current) && current.cause !== undefined) current = current.cause
  const message = (current as Error)?.message ?? String(current)
  return message.split('\n')[0] as string
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`
}
