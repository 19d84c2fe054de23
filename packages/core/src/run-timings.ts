/**
 * Where the dbsafe pool publishes a run's timings on the Vitest instance, for the reporter's summary (which does
 * not depend on the pool): `vitest[RUN_TIMINGS_KEY]` is a {@link RunTimingsChannel}, absent when the pool did not
 * run. Read it with {@link runTimingsOf}.
 */
export const RUN_TIMINGS_KEY: unique symbol = Symbol.for('dbsafe.runTimings') as never

/** The phases of a run from `vitest run` to exit, in the order they usually happen. */
export const RUN_PHASES = [
  'config',
  'analysis',
  'server',
  'template',
  'first-file',
  'files',
  'close',
] as const

/** One of {@link RUN_PHASES}. */
export type RunPhase = (typeof RUN_PHASES)[number]

/** When a phase started and ended, in milliseconds since the process started (`performance.now()`). */
export interface PhaseSpan {
  startMs: number
  endMs?: number
}

/** How long workers waited for a file they could start, and why. */
export interface RunIdle {
  /** Milliseconds workers waited with no file they could start, summed over workers. */
  totalMs: number
  /** The same, by what held the best file back (`server`, `lane`, `level-cap`, `connections`). */
  byReason: Partial<Record<string, number>>
  /** Files that ran in another worker's turn than Vitest handed out. */
  exchanged: number
}

/** The phases so far and the workers' waits. */
export interface RunTimingsSnapshot {
  spans: Partial<Record<RunPhase, PhaseSpan>>
  idle: RunIdle | undefined
}

/** What the pool publishes under {@link RUN_TIMINGS_KEY}. */
export interface RunTimingsChannel {
  /** The timings so far. */
  snapshot(): RunTimingsSnapshot
  /** Resolves with the timings once the pool has closed (its `close` phase then has an end). */
  closed(): Promise<RunTimingsSnapshot>
}

/** The pool's timings channel on a Vitest instance, or undefined when the dbsafe pool did not run there. */
export function runTimingsOf(vitest: object): RunTimingsChannel | undefined {
  const channel = (vitest as Record<symbol, unknown>)[RUN_TIMINGS_KEY] as RunTimingsChannel | undefined
  return typeof channel?.snapshot === 'function' && typeof channel.closed === 'function' ? channel : undefined
}
