/** A first-in, first-out mutex: `acquire()` resolves with a `release` function once it is the holder. */
export class AsyncLock {
  #held = false
  readonly #waiting: Array<() => void> = []

  /** Whether someone holds the lock. */
  get held(): boolean {
    return this.#held
  }

  acquire(): Promise<() => void> {
    if (!this.#held) {
      this.#held = true
      return Promise.resolve(this.#releaser())
    }
    return new Promise((resolve) => this.#waiting.push(() => resolve(this.#releaser())))
  }

  #releaser(): () => void {
    let released = false
    return () => {
      if (released) return
      released = true
      const next = this.#waiting.shift()
      if (next) next()
      else this.#held = false
    }
  }
}
