// A PostgreSQL server of one test file's own, which its tests may freeze, stop and start: never the run's shared
// test server, nor the developer's.
import { rm } from 'node:fs/promises'
import { afterAll, beforeAll } from 'vitest'
import { type FaultServer, startFaultServer, traversableTempDir } from '../faults/fault-server.ts'

/**
 * Starts a fault server before the file's tests (data in a temp folder named after `tag`) and stops and removes it
 * after them. Returns the server: call it inside tests and hooks, once `beforeAll` has run.
 */
export function ownFaultServer(tag: string): () => FaultServer {
  let root: string | undefined
  let server: FaultServer | undefined
  beforeAll(async () => {
    root = await traversableTempDir(`dbsafe-${tag}-`)
    server = await startFaultServer(root, 'server')
  }, 120_000)
  afterAll(async () => {
    await server?.close()
    if (root) await rm(root, { recursive: true, force: true })
  })
  return () => {
    if (!server) throw new Error('the fault server starts in beforeAll: use it inside tests and hooks')
    return server
  }
}
