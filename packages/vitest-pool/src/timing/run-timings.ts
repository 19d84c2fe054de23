import { type PhaseSpan, RUN_PHASES, type RunIdle, type RunPhase } from '@dbsafe/core'

export {
  type PhaseSpan,
  RUN_PHASES,
  RUN_TIMINGS_KEY,
  type RunPhase,
  type RunTimingsChannel,
  type RunTimingsSnapshot,
} from '@dbsafe/core'

/** What each phase means, for the printed table. */
const PHASE_LABELS: Record<RunPhase, string> = {
  config: 'process start → config loaded',
  analysis: 'analysis of the test files',
  server: 'server started (or connected)',
  template: 'template ready (built or reused)',
  'first-file': 'process start → first file sent',
  files: 'first file sent → last file finished',
  close: 'close (databases, server)',
}

/**
 * The phases of one run: each starts once (the first start counts) and ends once (the last end counts, so a
 * phase that several workers reach spans all of them).
 */
export class RunTimings {
  readonly #spans = new Map<RunPhase, PhaseSpan>()
  readonly #clock: () => number

  constructor(clock: () => number = () => performance.now()) {
    this.#clock = clock
  }

  /** Marks the start of `phase` (ignored when it already started). */
  start(phase: RunPhase, at = this.#clock()): void {
    if (!this.#spans.has(phase)) this.#spans.set(phase, { startMs: at })
  }

  /** Marks the end of `phase` (starting it now if it had not started). */
  end(phase: RunPhase, at = this.#clock()): void {
    const span = this.#spans.get(phase) ?? { startMs: at }
    span.endMs = Math.max(span.endMs ?? at, at)
    this.#spans.set(phase, span)
  }

  /** Records `phase` as a whole, unless it was recorded already (`first-file`: only the first counts). */
  once(phase: RunPhase, startMs: number, endMs = this.#clock()): void {
    if (!this.#spans.has(phase)) this.#spans.set(phase, { startMs, endMs })
  }

  /** Times `work` as `phase`. */
  async time<T>(phase: RunPhase, work: () => Promise<T>): Promise<T> {
    this.start(phase)
    try {
      return await work()
    } finally {
      this.end(phase)
    }
  }

  /** The spans recorded so far. */
  spans(): Partial<Record<RunPhase, PhaseSpan>> {
    return Object.fromEntries([...this.#spans].map(([phase, span]) => [phase, { ...span }]))
  }
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)}s`

/** The phases as lines (`  server      0.84s  at 1.92s  server started (or connected)`), then why workers waited. */
export function formatRunTimings(spans: Partial<Record<RunPhase, PhaseSpan>>, idle?: RunIdle): string[] {
  const lines: string[] = []
  for (const phase of RUN_PHASES) {
    const span = spans[phase]
    if (!span || span.endMs === undefined) continue
    lines.push(
      `  ${phase.padEnd(11)} ${seconds(span.endMs - span.startMs).padStart(7)}  at ${seconds(span.startMs).padStart(7)}  ${PHASE_LABELS[phase]}`,
    )
  }
  if (idle) lines.push(`  ${formatIdle(idle)}`)
  return lines
}

/** One line: how long workers waited for a file they could start, and why. */
export function formatIdle(idle: RunIdle): string {
  const reasons = Object.entries(idle.byReason)
    .filter(([, ms]) => (ms ?? 0) >= 1)
    .sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))
    .map(([reason, ms]) => `${reason} ${seconds(ms ?? 0)}`)
  const why = reasons.length ? ` (${reasons.join(', ')})` : ''
  return `workers waited ${seconds(idle.totalMs)} in all for a file they could start${why}; ${idle.exchanged} file(s) ran in another file's turn`
}
