// The watchdog that stops an embedded server whose owner died (kill -9 of Vitest), against a real server: closing
// its pipe is what the owner's death does.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { eventually } from '../../../../../test/utils/eventually'
import { spawnWatchdog } from '../../../src/server/embedded-watchdog'
import { isProcessAlive } from '../../../src/server/process-alive'
import { ownFaultServer } from '../own-fault-server.ts'

const server = ownFaultServer('watchdog')

async function postmaster(): Promise<number> {
  return Number((await readFile(join(server().dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0])
}

it('never signals a pid that the data dir does not name', async () => {
  const pid = await postmaster()
  const watchdog = spawnWatchdog(pid + 1_000_000, server().dataDir)
  const exited = new Promise((resolve) => watchdog.on('exit', resolve))
  watchdog.stdin.end()
  await exited
  expect(isProcessAlive(pid)).toBe(true)
})

it('stops the server once the pipe from its owner closes', async () => {
  const pid = await postmaster()
  const watchdog = spawnWatchdog(pid, server().dataDir)
  expect(isProcessAlive(pid)).toBe(true)
  watchdog.stdin.end()
  await eventually(() => !isProcessAlive(pid), 15_000, 'the postmaster stopped')
  await server().start()
})
