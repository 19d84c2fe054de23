import type { DbsafeObservation } from '@dbsafe/core'

/**
 * What the worker entry tells the pool outside Vitest's own messages, always before the file's `testfileFinished`
 * (one IPC channel keeps the order):
 * - `runtime-not-installed`: a database file ran without dbsafe's runtime (a custom runner bypassed
 *   `importFile`), so nothing held its writes in a transaction and nothing tracked its connections;
 * - `observation`: what the file was seen doing on its database (the runtime guard).
 */
export type WorkerNotice =
  | { __dbsafe_notice__: true; kind: 'runtime-not-installed'; filepath: string }
  | { __dbsafe_notice__: true; kind: 'observation'; filepath: string; observation: DbsafeObservation }

/** A {@link WorkerNotice}. */
export function workerNotice(notice: DistributiveOmit<WorkerNotice, '__dbsafe_notice__'>): WorkerNotice {
  return { __dbsafe_notice__: true, ...notice } as WorkerNotice
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never

/** Whether a message from the worker process is a {@link WorkerNotice} (never handed to Vitest). */
export function isWorkerNotice(message: unknown): message is WorkerNotice {
  return (
    typeof message === 'object' && message !== null && (message as WorkerNotice).__dbsafe_notice__ === true
  )
}
