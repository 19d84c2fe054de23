import type { RunIdle, RunTimingsSnapshot } from '@dbsafe/core'
import { formatMs } from './format-duration'

/** What the summary says of the dbsafe pool's run: the fixed cost before the first file, and the workers' waits. */
export interface PoolTimings {
  /** Process start → first file sent (absent on a watch-mode rerun: the process started long before). */
  firstFileMs?: number
  /** Process start → config loaded. */
  configMs?: number
  /** When the server answered, and when the template was ready (from process start). */
  serverReadyAtMs?: number
  templateReadyAtMs?: number
  idle?: RunIdle
}

/** The summary's view of the pool's timings; `firstRun` false leaves out the start-up phases (a rerun). */
export function poolTimingsOf(snapshot: RunTimingsSnapshot, firstRun: boolean): PoolTimings {
  const { spans, idle } = snapshot
  const timings: PoolTimings = {}
  if (idle) timings.idle = idle
  if (!firstRun) return timings
  const first = spans['first-file']
  if (first?.endMs !== undefined) timings.firstFileMs = first.endMs
  if (spans.config?.endMs !== undefined) timings.configMs = spans.config.endMs
  if (spans.server?.endMs !== undefined) timings.serverReadyAtMs = spans.server.endMs
  if (spans.template?.endMs !== undefined) timings.templateReadyAtMs = spans.template.endMs
  return timings
}

/** What held the files back, longest first (`lane 6.18s, server 0.20s`); waits under 10 ms are left out. */
function waitReasons(idle: RunIdle): string {
  return Object.entries(idle.byReason)
    .filter(([, ms]) => (ms ?? 0) >= 10)
    .sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))
    .map(([reason, ms]) => `${reason} ${formatMs(ms ?? 0)}`)
    .join(', ')
}

/**
 * One line: how long workers waited for a file they could start, and why; then the start-up cost
 * (`Pool: workers waited 6.2s in all (lane 6.2s); start → first file 2.3s (config 1.1s, server ready at 2.5s)`).
 * Undefined when there is nothing to say.
 */
export function formatPoolLine(timings: PoolTimings): string | undefined {
  const parts: string[] = []
  if (timings.idle) {
    const reasons = waitReasons(timings.idle)
    parts.push(`workers waited ${formatMs(timings.idle.totalMs)} in all${reasons ? ` (${reasons})` : ''}`)
  }
  if (timings.firstFileMs !== undefined) {
    const steps = [
      timings.configMs === undefined ? undefined : `config ${formatMs(timings.configMs)}`,
      timings.serverReadyAtMs === undefined
        ? undefined
        : `server ready at ${formatMs(timings.serverReadyAtMs)}`,
      timings.templateReadyAtMs === undefined
        ? undefined
        : `template at ${formatMs(timings.templateReadyAtMs)}`,
    ].filter((step) => step !== undefined)
    parts.push(
      `start → first file ${formatMs(timings.firstFileMs)}${steps.length ? ` (${steps.join(', ')})` : ''}`,
    )
  }
  return parts.length ? `Pool: ${parts.join('; ')}` : undefined
}

/**
 * The line printed once the pool has closed: how long the close took, and the run's fixed cost (start → first
 * file, plus close). Undefined when the pool recorded no close.
 */
export function formatPoolCloseLine(snapshot: RunTimingsSnapshot): string | undefined {
  const close = snapshot.spans.close
  if (close?.endMs === undefined) return undefined
  const closeMs = close.endMs - close.startMs
  const first = snapshot.spans['first-file']?.endMs
  const fixed =
    first === undefined
      ? ''
      : `; fixed cost ${formatMs(first + closeMs)} (start → first file ${formatMs(first)} + close)`
  return `dbsafe pool closed in ${formatMs(closeMs)} (databases, server)${fixed}`
}
