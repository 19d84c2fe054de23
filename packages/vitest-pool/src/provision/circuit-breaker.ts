/** Options of {@link CircuitBreaker}. */
export interface CircuitBreakerOptions {
  /** Consecutive connection failures that open the circuit. Default: 3. */
  failureThreshold?: number
  /** First wait before a probe may close it again; doubled after each failed probe up to `maxCooldownMs`. Default: 500. */
  cooldownMs?: number
  /** Longest wait between probes. Default: 8_000. */
  maxCooldownMs?: number
  /** Clock, for tests. Default: Date.now. */
  now?: () => number
}

/** `closed`: databases are handed out. `open`: refused until the cooldown ends. `probing`: a probe may run. */
export type CircuitState = 'closed' | 'open' | 'probing'

/**
 * Stops handing out databases after repeated connection failures, so files fail fast instead of each waiting
 * for its own timeout, and lets a probe close it again once the server is back. Pure state; no I/O.
 */
export class CircuitBreaker {
  readonly #threshold: number
  readonly #baseCooldownMs: number
  readonly #maxCooldownMs: number
  readonly #now: () => number
  #failures = 0
  #failingSince: number | undefined
  #openedAt = 0
  #cooldownMs: number
  #lastError: unknown

  constructor(options: CircuitBreakerOptions = {}) {
    this.#threshold = options.failureThreshold ?? 3
    this.#baseCooldownMs = options.cooldownMs ?? 500
    this.#maxCooldownMs = options.maxCooldownMs ?? 8_000
    this.#now = options.now ?? Date.now
    this.#cooldownMs = this.#baseCooldownMs
  }

  get state(): CircuitState {
    if (this.#failures < this.#threshold) return 'closed'
    return this.#now() - this.#openedAt >= this.#cooldownMs ? 'probing' : 'open'
  }

  /** The connection error that opened (or kept open) the circuit. */
  get lastError(): unknown {
    return this.#lastError
  }

  /** When the current run of consecutive failures began (the server went away); undefined after a success. */
  get failingSince(): number | undefined {
    return this.#failingSince
  }

  /** Milliseconds until a probe is allowed (0 when closed or probing). */
  get retryInMs(): number {
    return this.state === 'open' ? this.#cooldownMs - (this.#now() - this.#openedAt) : 0
  }

  recordSuccess(): void {
    this.#failures = 0
    this.#failingSince = undefined
    this.#cooldownMs = this.#baseCooldownMs
    this.#lastError = undefined
  }

  recordFailure(error: unknown): void {
    this.#lastError = error
    this.#failingSince ??= this.#now()
    const wasProbing = this.state === 'probing'
    this.#failures++
    if (wasProbing) this.#cooldownMs = Math.min(this.#cooldownMs * 2, this.#maxCooldownMs)
    if (this.#failures >= this.#threshold) this.#openedAt = this.#now()
  }
}
