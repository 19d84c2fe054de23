/** Whether a message from a worker process is Vitest's `testfileFinished` response (the file's run is over). */
export function isTestfileFinished(message: unknown): boolean {
  const response = message as { __vitest_worker_response__?: unknown; type?: unknown } | null
  return (
    typeof response === 'object' &&
    response !== null &&
    response.__vitest_worker_response__ === true &&
    response.type === 'testfileFinished'
  )
}
