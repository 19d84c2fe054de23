import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { eventually } from '../../../../test/utils/eventually'
import { dropPrefixedDatabases, prefixedDatabases } from '../../../../test/utils/prefixed-databases'
import { testServers } from '../../../../test/utils/test-servers'
import { NO_DATABASE_HOST } from '../../src/worker/file-env'
import { type FileOutcome, type Observation, overlaps, runFixture } from './run-fixture'

const DATABASE_LEVELS = [
  'read-only',
  'isolated-writes',
  'shared-writes-one',
  'shared-writes-two',
  'schema-changes',
  'sequential',
  'unannotated',
]

describe.each(testServers())('the dbsafe pool on the $name server', (server) => {
  const databasePrefix = `e2e${randomBytes(3).toString('hex')}`
  let files: Map<string, FileOutcome>
  let seen: Map<string, Observation>
  const observation = (name: string) => seen.get(name) as Observation

  beforeAll(async () => {
    ;({ files, observations: seen } = await runFixture({
      dbsafe: { url: server.adminUrl, migrations: './migrations', seed: './seed.sql', databasePrefix },
    }))
  })

  afterAll(async () => {
    await dropPrefixedDatabases(server.adminUrl, databasePrefix)
  })

  test('database files report their provisioning apart from their wait for a scheduling slot', () => {
    for (const name of DATABASE_LEVELS) {
      expect(files.get(name)?.meta?.provisionMs, name).toBeGreaterThanOrEqual(0)
      expect(files.get(name)?.meta?.waitMs, name).toBeGreaterThanOrEqual(0)
    }
  })

  test('every file passes and carries its level and isolation in the module meta', () => {
    const summary = Object.fromEntries(
      [...files].map(([name, file]) => [
        name,
        [file.state, file.meta?.level, file.meta?.isolation, file.errors],
      ]),
    )
    expect(summary).toEqual({
      none: ['passed', 'none', 'no-database', []],
      'none-two': ['passed', 'none', 'no-database', []],
      'read-only': ['passed', 'read-only', 'read-only-clone', []],
      'isolated-writes': ['passed', 'isolated-writes', 'transaction-rollback', []],
      'shared-writes-one': ['passed', 'shared-writes', 'reset-per-file', []],
      'shared-writes-two': ['passed', 'shared-writes', 'reset-per-file', []],
      'schema-changes': ['passed', 'schema-changes', 'fresh-database', []],
      sequential: ['passed', 'sequential', 'exclusive', []],
      fails: ['skipped', 'shared-writes', 'reset-per-file', []],
      leaks: ['skipped', 'isolated-writes', 'transaction-rollback', []],
      'leaves-interval': ['passed', 'sequential', 'exclusive', []],
      unannotated: ['passed', 'read-only', 'read-only-clone', []],
    })
  })

  test('files at level none see no database variables, and PGHOST pointing nowhere', () => {
    for (const name of ['none', 'none-two']) {
      expect(observation(name)).toMatchObject({
        databaseUrlSet: false,
        pgVariables: ['PGHOST'],
        pgHost: NO_DATABASE_HOST,
      })
    }
  })

  test('a file at level none cannot connect anywhere: pg defaults and an explicit URL both fail with a dbsafe error', () => {
    expect(observation('none-two').facts.connectErrors).toEqual(['DBSAFE_NO_DATABASE', 'DBSAFE_NO_DATABASE'])
  })

  test('database files see DATABASE_URL and the PG variables, and inject() agrees', () => {
    for (const name of DATABASE_LEVELS) {
      expect(observation(name).databaseUrlSet, name).toBe(true)
      expect(observation(name).pgVariables, name).toEqual(
        expect.arrayContaining(['PGDATABASE', 'PGHOST', 'PGPORT', 'PGUSER']),
      )
      expect(files.get(name)?.meta?.database, name).toBe(observation(name).database)
    }
    expect(observation('read-only').facts.injected).toBe(true)
  })

  test('read-only sessions see the seed and reject writes', () => {
    expect(observation('read-only').facts).toMatchObject({ books: 3, writeError: '25006' })
  })

  test('isolated-writes rows vanish after each test', () => {
    expect(observation('isolated-writes').facts).toMatchObject({
      booksDuringFirstTest: 4,
      booksInSecondTest: 3,
    })
  })

  test('shared-writes files start from the template even after another file committed rows', () => {
    expect(observation('shared-writes-one').facts.booksAtStart).toBe(3)
    expect(observation('shared-writes-two').facts.booksAtStart).toBe(3)
  })

  test('schema changes run in a database no other file used', () => {
    const others = DATABASE_LEVELS.filter((name) => name !== 'schema-changes').map(
      (name) => observation(name).database,
    )
    expect(others).not.toContain(observation('schema-changes').database)
  })

  test('database files ran in parallel, the sequential file alone; files at level none never waited for the server', () => {
    const databaseFiles = DATABASE_LEVELS.filter((name) => name !== 'sequential').map(observation)
    const parallelPairs = databaseFiles.flatMap((a, i) =>
      databaseFiles.slice(i + 1).filter((b) => overlaps(a, b)),
    )
    expect(parallelPairs.length).toBeGreaterThan(0)
    const sequential = observation('sequential')
    expect(databaseFiles.filter((file) => overlaps(file, sequential)).map((file) => file.name)).toEqual([])
    for (const name of ['none', 'none-two']) {
      expect(files.get(name)?.meta, name).toMatchObject({ level: 'none', isolation: 'no-database' })
      expect(files.get(name)?.meta?.database, name).toBeUndefined()
      expect(files.get(name)?.meta?.provisionMs, name).toBeUndefined()
    }
  })

  test('nothing of the run is left on the server but the cached template and pristine spares of it', async () => {
    // The used databases are dropped by a detached process once the run has exited.
    await eventually(
      async () => (await prefixedDatabases(server.adminUrl, databasePrefix)).every((d) => d.kind !== 'run'),
      30_000,
      'run databases dropped',
    )
    const left = await prefixedDatabases(server.adminUrl, databasePrefix)
    const templates = left.filter((database) => database.kind === 'template').map((database) => database.name)
    expect(templates).toHaveLength(1)
    expect(left.filter((database) => database.kind === 'run')).toEqual([])
    // The read-only database and the warm pool at least, all copies of the template.
    expect(left.filter((database) => database.kind === 'spare').length).toBeGreaterThan(0)
    for (const spare of left.filter((database) => database.kind === 'spare')) {
      expect(spare.template).toBe(templates[0])
    }
  })
})
