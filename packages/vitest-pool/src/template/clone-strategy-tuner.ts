import { type CloneStrategy, median } from './clone-strategy'

/** The chosen strategy and the median clone time measured for each strategy tried. */
export interface CloneCalibration {
  strategy: CloneStrategy
  cloneMs: Partial<Record<CloneStrategy, number>>
}

/** A strategy whose median is this many times the fastest one's is not tried again. */
const SKIP_FACTOR = 4

/**
 * Chooses the clone strategy from the run's own clones, at no extra cost: until it has decided, successive
 * clones take the candidate strategies in turn, so a change in load affects them alike; a candidate
 * {@link SKIP_FACTOR}× slower than the fastest is dropped after one sample; once each remaining candidate has
 * `samplesPerStrategy` samples, the lowest median wins. Which one wins depends on the storage (FILE_COPY forces a
 * checkpoint: cheap on tmpfs or with fsync off, expensive on a disk with fsync on), so it is measured, not guessed.
 * Pure: the caller times the clones and stores the decision.
 */
export class CloneStrategyTuner {
  readonly #samples = new Map<CloneStrategy, number[]>()
  readonly #active: CloneStrategy[]
  readonly #samplesPerStrategy: number
  #turn = 0
  #decided: CloneCalibration | undefined

  constructor(
    candidates: readonly CloneStrategy[],
    options: { decided?: CloneCalibration | undefined; samplesPerStrategy?: number } = {},
  ) {
    this.#active = [...candidates]
    this.#samplesPerStrategy = options.samplesPerStrategy ?? 3
    this.#decided =
      options.decided ?? (candidates.length === 1 ? { strategy: candidates[0]!, cloneMs: {} } : undefined)
  }

  /** The decision, once made (or given). */
  get decided(): CloneCalibration | undefined {
    return this.#decided
  }

  /** The strategy for the next clone. */
  next(): CloneStrategy {
    if (this.#decided) return this.#decided.strategy
    return this.#active[this.#turn++ % this.#active.length]!
  }

  /** Records one clone's duration; returns the calibration when this sample completes it. */
  record(strategy: CloneStrategy, ms: number): CloneCalibration | undefined {
    if (this.#decided || !this.#active.includes(strategy)) return undefined
    this.#samples.set(strategy, [...(this.#samples.get(strategy) ?? []), ms])
    const medians = this.#medians()
    const fastest = Math.min(...Object.values(medians))
    for (const candidate of [...this.#active]) {
      if ((medians[candidate] ?? 0) > SKIP_FACTOR * fastest) this.#drop(candidate)
    }
    if (
      this.#active.some((candidate) => (this.#samples.get(candidate)?.length ?? 0) < this.#samplesPerStrategy)
    ) {
      return undefined
    }
    const winner = [...this.#active].sort((a, b) => medians[a]! - medians[b]!)[0]!
    this.#decided = { strategy: winner, cloneMs: medians }
    return this.#decided
  }

  /** A strategy this server cannot use (the clone failed with it): it is not tried again. True when dropped. */
  failed(strategy: CloneStrategy): boolean {
    if (this.#decided || this.#active.length === 1 || !this.#active.includes(strategy)) return false
    this.#drop(strategy)
    this.#samples.delete(strategy)
    return true
  }

  #drop(strategy: CloneStrategy): void {
    const index = this.#active.indexOf(strategy)
    if (index >= 0 && this.#active.length > 1) this.#active.splice(index, 1)
  }

  #medians(): Partial<Record<CloneStrategy, number>> {
    return Object.fromEntries(
      [...this.#samples].map(([strategy, times]) => [strategy, Math.round(median(times) * 10) / 10]),
    )
  }
}
