import { describe, expect, it } from 'vitest'
import { eventually } from '../../../../../test/utils/eventually'
import { testServers, withAdminClient } from '../../../../../test/utils/test-servers'
import { formatRunMarker } from '../../../src/provision/database-marker'
import { dropAfterExit } from '../../../src/provision/drop-after-exit'
import { dropRunDatabases } from '../../../src/provision/drop-run-databases'
import { databasesWithPrefix, uniquePrefix } from './project-fixture'

const run = { runId: '0badf00d', runKey: 0x0badf00d }

/** Creates databases under `prefix`: the run's own (with its marker) and a look-alike without one. */
async function create(adminUrl: string, prefix: string) {
  const own = [`${prefix}_0badf00d_c1`, `${prefix}_0badf00d_c2`]
  const foreign = `${prefix}_0badf00d_c3`
  await withAdminClient(adminUrl, async (client) => {
    for (const name of own) {
      await client.query(`CREATE DATABASE "${name}"`)
      await client.query(`COMMENT ON DATABASE "${name}" IS '${formatRunMarker(run, 'clone')}'`)
    }
    await client.query(`CREATE DATABASE "${foreign}"`)
  })
  return { own, foreign }
}

async function dropAll(adminUrl: string, prefix: string) {
  await withAdminClient(adminUrl, async (client) => {
    for (const name of await databasesWithPrefix(adminUrl, prefix))
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
  })
}

describe.each(testServers())('dropping a run’s databases on $name', ({ adminUrl }) => {
  it('drops only names that still carry the run’s marker', async () => {
    const prefix = uniquePrefix()
    const { own, foreign } = await create(adminUrl, prefix)
    try {
      expect((await dropRunDatabases(adminUrl, [...own, foreign], prefix)).sort()).toEqual(own)
      expect(await databasesWithPrefix(adminUrl, prefix)).toEqual([foreign])
    } finally {
      await dropAll(adminUrl, prefix)
    }
  })

  it('a detached process drops them after the caller moved on', async () => {
    const prefix = uniquePrefix()
    const { own, foreign } = await create(adminUrl, prefix)
    try {
      expect(dropAfterExit(adminUrl, [...own, foreign], prefix)).toBe(true)
      await eventually(async () => (await databasesWithPrefix(adminUrl, prefix)).length === 1)
      expect(await databasesWithPrefix(adminUrl, prefix)).toEqual([foreign])
    } finally {
      await dropAll(adminUrl, prefix)
    }
  })
})
