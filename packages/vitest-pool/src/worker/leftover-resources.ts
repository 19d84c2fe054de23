/** Handle kinds (`process.getActiveResourcesInfo()`) of sockets and servers a file can leave open. */
const SOCKET_KINDS = new Set(['TCPSocketWrap', 'TCPServerWrap', 'TCPWRAP', 'UDPWRAP'])

/** How long sockets closed in the file's last hooks get to finish closing before they count as left open. */
const SOCKET_CLOSE_DEADLINE_MS = 200

type Interval = ReturnType<typeof setInterval> & { _destroyed?: boolean }

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
 * Cheap: it wraps `setInterval` for the file and counts handles. An interval counts as cleared when
 * Node marks its timer destroyed, however it was cleared (`clearInterval` of `node:timers` included).
 * Call `finish()` after the file's last hook; it restores `setInterval` and says what is left.
 */
export function watchLeftovers(): { finish(): Promise<string[]> } {
  const baselineSockets = openSockets()
  const intervals: Interval[] = []
  const realSetInterval = globalThis.setInterval
  const watching = ((...args: Parameters<typeof setInterval>) => {
    const interval = realSetInterval(...args)
    intervals.push(interval)
    return interval
  }) as typeof setInterval
  globalThis.setInterval = watching
  return {
    async finish() {
      // Fake timers may have replaced it meanwhile: only our own wrapper is taken back.
      if (globalThis.setInterval === watching) globalThis.setInterval = realSetInterval
      // Sockets closed in the file's last hooks finish closing on later turns of the event loop.
      const deadline = performance.now() + SOCKET_CLOSE_DEADLINE_MS
      while (openSockets() > baselineSockets && performance.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 5))
      }
      const running = intervals.filter((interval) => interval._destroyed !== true && interval.hasRef())
      const sockets = openSockets() - baselineSockets
      return [
        ...(running.length > 0 ? [plural(running.length, 'interval')] : []),
        ...(sockets > 0 ? [plural(sockets, 'socket')] : []),
      ]
    },
  }
}
