// The watchdog that stops an embedded server whose owner died (kill -9 of Vitest), against a real server: closing
// its pipe is what the owner's death does.
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { eventually } from '../../../../../test/utils/eventually'
import { spawnWatchdog } from '../../../src/server/embedded-watchdog'
import { isProcessAlive } from '../../../src/server/process-alive'
import { type FaultServer, startFaultServer } from '../../faults/fault-server.ts'

let root: string
let server: FaultServer
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'dbsafe-watchdog-'))
  // As root the server runs as the `postgres` user, which must be able to enter the folder.
  await chmod(root, 0o755)
  server = await startFaultServer(root, 'server')
}, 120_000)
afterAll(async () => {
  await server?.close()
  await rm(root, { recursive: true, force: true })
})

async function postmaster(): Promise<number> {
  return Number((await readFile(join(server.dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0])
}

it('never signals a pid that the data dir does not name', async () => {
  const pid = await postmaster()
  const watchdog = spawnWatchdog(pid + 1_000_000, server.dataDir)
  const exited = new Promise((resolve) => watchdog.on('exit', resolve))
  watchdog.stdin.end()
  await exited
  expect(isProcessAlive(pid)).toBe(true)
})

it('stops the server once the pipe from its owner closes', async () => {
  const pid = await postmaster()
  const watchdog = spawnWatchdog(pid, server.dataDir)
  expect(isProcessAlive(pid)).toBe(true)
  watchdog.stdin.end()
  await eventually(() => !isProcessAlive(pid), 15_000, 'the postmaster stopped')
  await server.start()
})
