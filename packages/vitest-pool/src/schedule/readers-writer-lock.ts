/** Gives back what {@link ReadersWriterLock} or {@link WeightedSemaphore} granted. Idempotent. */
export type Release = () => void

interface Waiter {
  exclusive: boolean
  grant: (release: Release) => void
}

/**
 * The sequential lane: database files hold the lock shared, `sequential` files exclusive.
 * Writer-preferring: once an exclusive request waits, new shared requests queue behind it,
 * so a sequential file is never starved by a stream of database files. Grants are FIFO otherwise.
 */
export class ReadersWriterLock {
  #readers = 0
  #writer = false
  readonly #queue: Waiter[] = []

  /** Resolves once no exclusive holder runs or waits ahead of this request. */
  acquireShared(): Promise<Release> {
    return this.#request(false)
  }

  /** Resolves once nobody else holds the lock. */
  acquireExclusive(): Promise<Release> {
    return this.#request(true)
  }

  /** How many requests wait (for diagnostics). */
  get waiting(): number {
    return this.#queue.length
  }

  #request(exclusive: boolean): Promise<Release> {
    return new Promise((grant) => {
      this.#queue.push({ exclusive, grant })
      this.#drain()
    })
  }

  #drain(): void {
    while (this.#queue.length > 0 && !this.#writer) {
      const next = this.#queue[0] as Waiter
      if (next.exclusive && this.#readers > 0) return
      this.#queue.shift()
      if (next.exclusive) this.#writer = true
      else this.#readers++
      next.grant(this.#releaser(next.exclusive))
    }
  }

  #releaser(exclusive: boolean): Release {
    let released = false
    return () => {
      if (released) return
      released = true
      if (exclusive) this.#writer = false
      else this.#readers--
      this.#drain()
    }
  }
}
