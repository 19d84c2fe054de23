import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { dropPrefixedDatabases } from '../../../../test/utils/prefixed-databases'
import { testServers } from '../../../../test/utils/test-servers'
import { type FileOutcome, type Observation, overlaps, runFixture } from './run-fixture'

/** Two sequential files (a role and a database; pg_terminate_backend) and four writing files. */
const PROJECT = fileURLToPath(new URL('../fixtures/sequential-server-project', import.meta.url))
const SEQUENTIAL = ['seq-roles', 'seq-terminate']
const WRITERS = ['write-1', 'write-2', 'write-3', 'write-4']

describe('sequential files on an embedded server of their own (sequentialServer: auto, no url)', () => {
  const cacheDir = mkdtempSync(join(tmpdir(), 'dbsafe-e2e-seq-cache-'))
  let files: Map<string, FileOutcome>
  let seen: Map<string, Observation>
  const observation = (name: string) => seen.get(name) as Observation
  const port = (name: string) => observation(name).facts.serverPort

  beforeAll(async () => {
    ;({ files, observations: seen } = await runFixture({
      root: PROJECT,
      maxWorkers: 2,
      // No DBSAFE_URL from the environment: dbsafe owns the server.
      env: { DBSAFE_URL: '' },
      dbsafe: { migrations: 'migrations', embedded: { cacheDir } },
    }))
  })

  afterAll(() => {
    rmSync(cacheDir, { recursive: true, force: true })
  })

  test('every file passes', () => {
    expect(
      Object.fromEntries([...files].map(([name, file]) => [name, [file.state, ...file.errors]])),
    ).toEqual(Object.fromEntries([...SEQUENTIAL, ...WRITERS].map((name) => [name, ['passed']])))
  })

  test('the sequential files ran on servers of their own, the other files on the main one', () => {
    for (const name of [...SEQUENTIAL, ...WRITERS]) expect(observation(name).facts.urlPort).toBe(port(name))
    for (const writer of WRITERS) {
      expect(port(writer)).toBe(port('write-1'))
      for (const name of SEQUENTIAL) expect(port(writer)).not.toBe(port(name))
    }
  })

  test('each file says in its meta whether it ran on a server of its own', () => {
    for (const name of SEQUENTIAL) expect(files.get(name)?.meta?.ownServer).toBe(true)
    for (const name of WRITERS) expect(files.get(name)?.meta?.ownServer).toBeUndefined()
  })

  test('a sequential file ran while a database file ran (no drain of the main server)', () => {
    const beside = SEQUENTIAL.flatMap((lane) =>
      WRITERS.filter((writer) => overlaps(observation(lane), observation(writer))),
    )
    expect(beside.length).toBeGreaterThan(0)
  })

  test('the sequential files ran one at a time on each of their servers', () => {
    // With a second server (one more starts when one waits for the other) they may overlap, never on one server.
    if (port('seq-roles') === port('seq-terminate'))
      expect(overlaps(observation('seq-roles'), observation('seq-terminate'))).toBe(false)
  })
})

describe("sequentialServer: 'embedded' beside a url (the user opts in)", () => {
  const server = testServers()[0] as { adminUrl: string }
  const databasePrefix = `e2e${randomBytes(3).toString('hex')}`
  const cacheDir = mkdtempSync(join(tmpdir(), 'dbsafe-e2e-seq-cache-'))
  let files: Map<string, FileOutcome>
  let seen: Map<string, Observation>
  const port = (name: string) => (seen.get(name) as Observation).facts.serverPort

  beforeAll(async () => {
    ;({ files, observations: seen } = await runFixture({
      root: PROJECT,
      maxWorkers: 2,
      dbsafe: {
        url: server.adminUrl,
        databasePrefix,
        migrations: 'migrations',
        sequentialServer: 'embedded',
        embedded: { cacheDir },
      },
    }))
  })

  afterAll(async () => {
    await dropPrefixedDatabases(server.adminUrl, databasePrefix)
    rmSync(cacheDir, { recursive: true, force: true })
  })

  test('every file passes; the writers ran on the given server, the sequential files on an embedded one', () => {
    expect([...files.values()].map((file) => file.state)).toEqual(Array(6).fill('passed'))
    const given = new URL(server.adminUrl).port || '5432'
    for (const writer of WRITERS) expect(port(writer)).toBe(given)
    for (const name of SEQUENTIAL) expect(port(name)).not.toBe(given)
  })
})
