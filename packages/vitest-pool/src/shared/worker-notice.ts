/**
 * What the worker entry tells the pool outside Vitest's own messages. `runtime-not-installed`: a database
 * file ran without dbsafe's runtime (a custom runner bypassed `importFile`), so nothing held its writes
 * in a transaction and nothing tracked its connections.
 */
export interface WorkerNotice {
  __dbsafe_notice__: true
  kind: 'runtime-not-installed'
  filepath: string
}

/** A {@link WorkerNotice}. */
export function workerNotice(notice: Omit<WorkerNotice, '__dbsafe_notice__'>): WorkerNotice {
  return { __dbsafe_notice__: true, ...notice }
}

/** Whether a message from the worker process is a {@link WorkerNotice} (never handed to Vitest). */
export function isWorkerNotice(message: unknown): message is WorkerNotice {
  return (
    typeof message === 'object' && message !== null && (message as WorkerNotice).__dbsafe_notice__ === true
  )
}
