import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { withAdminClient } from '../../../../../test/utils/test-servers'
import { startCachedEmbeddedServer } from '../../../src/server/embedded-cache'

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
      const { writeFile, mkdir } = await import('node:fs/promises')
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
})
