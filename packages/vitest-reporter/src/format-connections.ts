import { formatMs } from './format-duration'

/** How known connection metrics read in a sentence; `ms` metrics are durations. */
const LABELS: Record<string, (value: number) => string> = {
  queries: (v) => `${v} queries`,
  queryMs: (v) => `${formatMs(v)} in queries`,
  checkouts: (v) => `${v} pool checkouts`,
  acquireWaitMs: (v) => `${formatMs(v)} waiting for a connection`,
  maxAcquireWaitMs: (v) => `longest wait ${formatMs(v)}`,
  exhaustedWaits: (v) => `pool exhausted ${v}×`,
  maxConnectionsHeld: (v) => `at most ${v} held at once`,
  leaks: (v) => `${v} leaked`,
  lateQueries: (v) => `${v} late queries`,
}

/** One line for the connection metrics of a run: known metrics in words, others as `name value`. */
export function formatConnections(metrics: Record<string, number>): string {
  return Object.entries(metrics)
    .map(([name, value]) => LABELS[name]?.(Math.round(value)) ?? `${name} ${Math.round(value * 10) / 10}`)
    .join(', ')
}
