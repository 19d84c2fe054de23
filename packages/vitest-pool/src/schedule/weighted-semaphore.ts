import type { Release } from './readers-writer-lock'

interface Request {
  weight: number
  grant: (release: Release) => void
}

/**
 * A FIFO counting semaphore whose requests carry a weight: the per-level concurrency caps
 * (weight 1) and the connection budget (weight = connections a file may open).
 * A request heavier than the whole capacity is granted when nothing else holds any,
 * so one oversized file runs alone instead of waiting forever.
 */
export class WeightedSemaphore {
  readonly capacity: number
  #used = 0
  readonly #queue: Request[] = []

  constructor(capacity: number) {
    this.capacity = Math.max(1, Math.floor(capacity))
  }

  /** Resolves once `weight` units fit (FIFO: a waiting request blocks later, lighter ones). */
  acquire(weight = 1): Promise<Release> {
    return new Promise((grant) => {
      this.#queue.push({ weight, grant })
      this.#drain()
    })
  }

  /** Units held right now. */
  get used(): number {
    return this.#used
  }

  #drain(): void {
    while (this.#queue.length > 0) {
      const next = this.#queue[0] as Request
      const weight = Math.min(next.weight, this.capacity)
      if (this.#used > 0 && this.#used + weight > this.capacity) return
      this.#queue.shift()
      this.#used += weight
      let released = false
      next.grant(() => {
        if (released) return
        released = true
        this.#used -= weight
        this.#drain()
      })
    }
  }
}
