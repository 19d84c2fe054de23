import { describe, expect, it } from 'vitest'
import { testServers, withAdminClient } from '../../../../../test/utils/test-servers'
import { projectWith, provisionerFor, uniquePrefix, writeFiles } from './project-fixture'

const BOOKS = 'CREATE TABLE books (id serial PRIMARY KEY, title text NOT NULL);'

async function columns(url: string): Promise<string[]> {
  return withAdminClient(url, async (client) => {
    const { rows } = await client.query<{ column_name: string }>(
      "SELECT column_name FROM information_schema.columns WHERE table_name = 'books' ORDER BY ordinal_position",
    )
    return rows.map((row) => row.column_name)
  })
}

/** Polls until `check` holds, or fails after `timeoutMs`. */
async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

describe.each(testServers())('refreshTemplate on $name', ({ adminUrl }) => {
  it('after a migration changed, hands out clones of the new template and drops those of the old', async () => {
    const root = await projectWith({ 'migrations/001_books.sql': BOOKS })
    const logs: string[] = []
    const provisioner = await provisionerFor({
      root,
      url: adminUrl,
      databasePrefix: uniquePrefix(),
      migrations: 'migrations',
      warmDatabases: 1,
      onLog: (message) => logs.push(message),
    })
    const reused = await provisioner.lease('worker')
    await reused.release('clean')
    const held = await provisioner.lease('worker')
    const readOnly = await provisioner.readOnlyDatabase()
    expect(await columns(readOnly.url)).toEqual(['id', 'title'])
    expect(await provisioner.refreshTemplate()).toBe(false)
    const old = await provisioner.template()

    await writeFiles(root, { 'migrations/002_isbn.sql': 'ALTER TABLE books ADD COLUMN isbn text;' })
    expect(await provisioner.refreshTemplate()).toBe(true)
    const fresh = await provisioner.lease('worker')
    expect(fresh.name).not.toBe(reused.name)
    expect(await columns(fresh.url)).toEqual(['id', 'title', 'isbn'])
    expect(await columns((await provisioner.readOnlyDatabase()).url)).toEqual(['id', 'title', 'isbn'])
    expect((await provisioner.template()).fingerprint).not.toBe(old.fingerprint)
    // A database leased before the change is dropped on release, even when clean.
    await held.release('clean')
    await until(() => !provisioner.ownedDatabases().includes(held.name))
    await until(() => !provisioner.ownedDatabases().includes(reused.name))
    expect(logs).toContain(`dbsafe: dropped the outdated template ${old.name}.`)
    await fresh.release('dirty')
  })

  it('after a failed build, the fixed migration builds on the next refresh', async () => {
    const root = await projectWith({
      'migrations/001_books.sql': 'CREATE TABLE books (id serial PRIMARY KEY, title txet);',
    })
    const provisioner = await provisionerFor({
      root,
      url: adminUrl,
      databasePrefix: uniquePrefix(),
      migrations: 'migrations',
    })
    await expect(provisioner.lease('worker')).rejects.toMatchObject({ code: 'DBSAFE_TEMPLATE_BUILD_FAILED' })
    await writeFiles(root, { 'migrations/001_books.sql': BOOKS })
    expect(await provisioner.refreshTemplate()).toBe(true)
    const lease = await provisioner.lease('worker')
    expect(await columns(lease.url)).toEqual(['id', 'title'])
    await lease.release('dirty')
  })
})
