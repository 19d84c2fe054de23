/** Handle kinds (`process.getActiveResourcesInfo()`) of sockets and servers a file can leave open. */
const SOCKET_KINDS = new Set(['TCPSocketWrap', 'TCPServerWrap', 'TCPWRAP', 'UDPWRAP'])

type Interval = ReturnType<typeof setInterval>

function openSockets(): number {
  return process.getActiveResourcesInfo().filter((kind) => SOCKET_KINDS.has(kind)).length
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`
}

/**
 * Watches one test file for what it leaves running in a worker process that runs file after file:
 * intervals never cleared, sockets and servers never closed (an `app.listen()` without `close()`).
 * Such leftovers would go on acting in the next file, so the pool replaces that process instead.
 * Cheap: it wraps `setInterval`/`clearInterval` for the file and counts handles twice.
 * Call `finish()` after the file's last hook; it restores the globals and says what is left.
 */
export function watchLeftovers(): { finish(): Promise<string[]> } {
  const baselineSockets = openSockets()
  const intervals = new Set<Interval>()
  const { setInterval: realSetInterval, clearInterval: realClearInterval } = globalThis
  globalThis.setInterval = ((...args: Parameters<typeof setInterval>) => {
    const interval = realSetInterval(...args)
    intervals.add(interval)
    return interval
  }) as typeof setInterval
  globalThis.clearInterval = ((interval?: Parameters<typeof clearInterval>[0]) => {
    if (interval !== undefined) intervals.delete(interval as Interval)
    realClearInterval(interval)
  }) as typeof clearInterval
  return {
    async finish() {
      if (globalThis.setInterval !== realSetInterval) globalThis.setInterval = realSetInterval
      if (globalThis.clearInterval !== realClearInterval) globalThis.clearInterval = realClearInterval
      // Sockets the file closed in its last hook finish closing on a later turn of the event loop.
      await new Promise((resolve) => setImmediate(resolve))
      const running = [...intervals].filter((interval) => interval.hasRef())
      const sockets = openSockets() - baselineSockets
      return [
        ...(running.length > 0 ? [plural(running.length, 'interval')] : []),
        ...(sockets > 0 ? [plural(sockets, 'socket')] : []),
      ]
    },
  }
}
