/** A stream whose write errors can be listened to: `process.stdout`, `process.stderr`. */
export interface ErrorEmitter {
  on(event: 'error', listener: (error: NodeJS.ErrnoException) => void): unknown
}

/**
 * Ends the process quietly (exit code 0) when the reader of `stream` goes away, as in
 * `dbsafe analyze --json | head -1`: Node reports that as an `EPIPE` error event on the stream, which
 * would otherwise crash the command with a stack. Any other write error is thrown as before.
 */
export function exitQuietlyOnBrokenPipe(
  stream: ErrorEmitter,
  exit: (code: number) => void = process.exit,
): void {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') exit(0)
    else throw error
  })
}
