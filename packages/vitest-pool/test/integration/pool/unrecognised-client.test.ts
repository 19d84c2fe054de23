import type { FileAnalysis } from '@dbsafe/core'
import { describe, expect, it } from 'vitest'
import { testServers, withAdminClient } from '../../../../../test/utils/test-servers'
import { type PrepareFileInput, prepareFile } from '../../../src/pool/prepare-file'
import { bookCount } from '../provision/database-queries'
import { BOOKS_PROJECT, projectProvisioner } from '../provision/project-fixture'

describe.each(testServers())('an isolated-writes file on $name', ({ adminUrl }) => {
  it('whose client dbsafe did not recognise gets a database reset after it, never a transaction per test', async () => {
    const { provisioner, options } = await projectProvisioner(adminUrl, BOOKS_PROJECT, { seed: 'seed.sql' })
    const { root } = options
    const file = (clients: string[]): PrepareFileInput => {
      const analysis: FileAnalysis = {
        file: 'test/orders.test.ts',
        level: 'isolated-writes',
        source: 'annotation',
        uncertain: false,
        clients,
        reasons: [],
      }
      return {
        analysis,
        root,
        provisioner: async () => provisioner,
        urlVariable: 'DATABASE_URL',
        runtime: {},
        waitedMs: 0,
      }
    }

    const unrecognised = await prepareFile(file([]))
    expect(unrecognised.context.meta.isolation).toBe('reset-per-file')
    expect(unrecognised.context.transaction).toBeUndefined()
    // Nothing wraps its client in a transaction: what it writes is committed.
    const url = unrecognised.context.env.DATABASE_URL as string
    await withAdminClient(url, (client) => client.query("INSERT INTO books (title) VALUES ('Committed')"))
    await unrecognised.release({ failed: false, keepFailed: false })

    const next = await prepareFile(file(['pg']))
    expect(next.context.meta.isolation).toBe('transaction-rollback')
    expect(next.context.meta.database).not.toBe(unrecognised.context.meta.database)
    expect(await bookCount(next.context.env.DATABASE_URL as string)).toBe(2)
    await next.release({ failed: false, keepFailed: false })

    const mixed = await prepareFile(file(['pg', 'postgres']))
    expect(mixed.context.meta.isolation).toBe('reset-per-file')
    expect(mixed.context.transaction).toBeUndefined()
    await mixed.release({ failed: false, keepFailed: false })
  })
})
