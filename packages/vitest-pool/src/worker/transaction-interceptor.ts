import type { PgClientInstance, PgInterceptor } from './pg-interceptor'
import type { PinnedSession } from './pinned-session'

const noop = (): void => {}

/**
 * Makes each application `Client` of the session's database a handle on the pinned connection:
 * `connect` opens nothing, `query` runs on the pinned connection, `end` closes nothing but rolls back
 * a transaction the client left open. Pools (pg-pool) keep their own accounting on top.
 */
export function transactionInterceptor(session: PinnedSession): PgInterceptor {
  return {
    claims: (client) => session.claims(client),

    async connect(client) {
      if (client._connecting || client._connected) {
        throw new Error('Client has already been connected. You cannot reuse a client.')
      }
      client._connecting = true
      try {
        await session.connect()
      } finally {
        client._connecting = false
      }
      client._connected = true
      client.readyForQuery = true
      // pg-pool refs/unrefs on every checkout; on a socket that never connects, each ref adds a listener.
      client.ref = client.unref = noop
      client.processID = session.processId ?? null
      client.emit('connect')
    },

    query(client, call) {
      if (client._ending) return Promise.reject(new Error('Client was closed and is not queryable'))
      return session.query(client, call, client._types)
    },

    async end(client: PgClientInstance) {
      if (client._ending) return
      client._ending = true
      await session.disconnect(client)
      client._connected = false
      client._ended = true
      process.nextTick(() => client.emit('end'))
    },
  }
}
