import pg from 'pg'
import { afterEach, describe, expect, it, onTestFinished } from 'vitest'
import { dropPrefixedDatabases } from '../../../../../test/utils/prefixed-databases'
import { testServers, withAdminClient } from '../../../../../test/utils/test-servers'
import { reapDeadRuns } from '../../../src/provision/reaper'
import { ADVISORY_NAMESPACE, advisoryKey } from '../../../src/server/advisory-keys'
import { databasesWithPrefix, uniquePrefix } from './project-fixture'

const sessions: pg.Client[] = []
afterEach(async () => {
  for (const session of sessions.splice(0)) await session.end()
})

/** A session of its own that holds an advisory lock, as a live run (or a live template build) does. */
async function holdLock(adminUrl: string, namespace: number, key: number): Promise<void> {
  const session = new pg.Client({ connectionString: adminUrl })
  await session.connect()
  sessions.push(session)
  await session.query('SELECT pg_advisory_lock($1, $2)', [namespace, key])
}

describe.each(testServers())('what a killed run left unmarked, on $name', ({ adminUrl }) => {
  it('is dropped when its name has the exact shape of dbsafe’s and nobody alive owns it; nothing else is', async () => {
    const prefix = uniquePrefix()
    const building = JSON.stringify({ dbsafe: 'template', state: 'building', fingerprint: 'f', lineage: 'l' })
    const database = (suffix: string, comment?: string) => ({ name: `${prefix}_${suffix}`, comment })
    // Killed between CREATE DATABASE and its marker (run 0badf00d is dead: no session holds its lock).
    const dead = [
      database('0badf00d_c3'),
      database('0badf00d_ro'),
      database('tpl_0123456789abcdef'),
      database('tpl_fedcba9876543210', building),
    ]
    const kept = [
      // Run 0badcafe is alive: it holds its lock while it creates and marks this one.
      database('0badcafe_c1'),
      // A template another process is building right now (it holds the build lock).
      database('tpl_00000000000000aa', building),
      // The user's: dbsafe's prefix, but not the shape of a database dbsafe creates, or a comment of their own.
      database('orders'),
      database('0badf00d_c1x'),
      database('0badf00d_c2', 'the team’s copy'),
      database('tpl_0123'),
    ]
    onTestFinished(() => dropPrefixedDatabases(adminUrl, prefix))
    await withAdminClient(adminUrl, async (client) => {
      for (const { name, comment } of [...dead, ...kept]) {
        await client.query(`CREATE DATABASE "${name}"`)
        if (comment) await client.query(`COMMENT ON DATABASE "${name}" IS '${comment.replace(/'/g, "''")}'`)
      }
    })
    await holdLock(adminUrl, ADVISORY_NAMESPACE.run, 0x0badcafe)
    await holdLock(adminUrl, ADVISORY_NAMESPACE.template, advisoryKey(`${prefix}_tpl_00000000000000aa`))

    const dropped = await withAdminClient(adminUrl, (client) =>
      reapDeadRuns(client, { databasePrefix: prefix, keptRetentionMs: 86_400_000 }),
    )

    expect(dropped.sort()).toEqual(dead.map(({ name }) => name).sort())
    expect((await databasesWithPrefix(adminUrl, prefix)).sort()).toEqual(kept.map(({ name }) => name).sort())
  })
})
