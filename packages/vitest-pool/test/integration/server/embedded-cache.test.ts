import { spawn } from 'node:child_process'
import { mkdir, mkdtemp, readFile, readlink, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import { afterAll, describe, expect, it } from 'vitest'
import { withAdminClient } from '../../../../../test/utils/test-servers'
import { startCachedEmbeddedServer } from '../../../src/server/embedded-cache'
import { findFreePort } from '../../../src/server/free-port'
import { pingServer } from '../../../src/server/health-probe'
import { isProcessAlive } from '../../../src/server/process-alive'

const cacheDir = await mkdtemp(join(tmpdir(), 'dbsafe-cache-test-'))
afterAll(() => rm(cacheDir, { recursive: true, force: true }))

describe('cached embedded server', () => {
  it('keeps the cluster between runs, gives concurrent runs their own slot, and stores the password privately', async () => {
    const first = await startCachedEmbeddedServer({ cacheDir })
    const second = await startCachedEmbeddedServer({ cacheDir })
    try {
      expect(first.dataDir).toBe(join(cacheDir, 'slot-0', 'data'))
      expect(second.dataDir).toBe(join(cacheDir, 'slot-1', 'data'))
      await withAdminClient(first.adminUrl, (client) => client.query('CREATE DATABASE kept_between_runs'))
    } finally {
      await Promise.all([first.stop(), second.stop()])
    }
    const password = (await readFile(join(cacheDir, 'slot-0', 'password'), 'utf8')).trim()
    expect(first.adminUrl).toContain(encodeURIComponent(password))
    expect((await stat(join(cacheDir, 'slot-0', 'password'))).mode & 0o077).toBe(0)

    const again = await startCachedEmbeddedServer({ cacheDir })
    try {
      expect(again.dataDir).toBe(first.dataDir)
      const names = await withAdminClient(again.adminUrl, async (client) => {
        const { rows } = await client.query<{ datname: string }>('SELECT datname FROM pg_database')
        return rows.map((row) => row.datname)
      })
      expect(names).toContain('kept_between_runs')
      const fsync = await withAdminClient(
        again.adminUrl,
        async (client) => (await client.query('SHOW fsync')).rows[0],
      )
      expect(fsync).toEqual({ fsync: 'off' })
    } finally {
      await again.stop()
    }
  })

  it('takes over the slot of a run that died without releasing it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dbsafe-cache-test-'))
    try {
      await mkdir(join(dir, 'slot-0'), { recursive: true })
      // A pid that cannot be alive (beyond pid_max).
      await writeFile(join(dir, 'slot-0', 'lock'), JSON.stringify({ pid: 2 ** 30 }))
      const server = await startCachedEmbeddedServer({ cacheDir: dir, slots: 1 })
      try {
        expect(server.dataDir).toBe(join(dir, 'slot-0', 'data'))
        const lock = JSON.parse(await readFile(join(dir, 'slot-0', 'lock'), 'utf8')) as { pid: number }
        expect(lock.pid).toBe(process.pid)
      } finally {
        await server.stop()
      }
      await expect(stat(join(dir, 'slot-0', 'lock'))).rejects.toMatchObject({ code: 'ENOENT' })
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it.runIf(process.platform === 'linux')(
    'shuts down a postmaster that a killed run left running on its cluster, then starts',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'dbsafe-cache-test-'))
      try {
        const first = await startCachedEmbeddedServer({ cacheDir: dir, slots: 1 })
        const postmasterPid = Number(
          (await readFile(join(first.dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0],
        )
        const binary = await readlink(`/proc/${postmasterPid}/exe`)
        await first.stop()
        // What `kill -9` of the Vitest process leaves: a postmaster nobody owns, and a lock of a dead pid.
        const owner = await stat(first.dataDir)
        const orphanPort = await findFreePort()
        const orphan = spawn(
          binary,
          ['-D', first.dataDir, '-p', String(orphanPort), '-c', 'listen_addresses=127.0.0.1'],
          {
            ...(process.getuid?.() === 0 ? { uid: owner.uid, gid: owner.gid } : {}),
            detached: true,
            stdio: 'ignore',
          },
        )
        orphan.unref()
        const orphanUrl = first.adminUrl.replace(/:\d+\//, `:${orphanPort}/`)
        const deadline = Date.now() + 30_000
        while (
          !(await pingServer(orphanUrl, 1_000).then(
            () => true,
            () => false,
          ))
        ) {
          if (Date.now() > deadline) throw new Error('the orphan postmaster did not start')
          await delay(50)
        }
        await writeFile(join(dir, 'slot-0', 'lock'), JSON.stringify({ pid: 2 ** 30 }))

        const next = await startCachedEmbeddedServer({ cacheDir: dir, slots: 1 })
        try {
          expect(next.dataDir).toBe(first.dataDir)
          expect(isProcessAlive(orphan.pid!)).toBe(false)
          await pingServer(next.adminUrl, 5_000)
        } finally {
          await next.stop()
        }
      } finally {
        await rm(dir, { recursive: true, force: true })
      }
    },
  )
})
