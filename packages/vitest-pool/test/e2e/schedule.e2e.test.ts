import { randomBytes } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { dropPrefixedDatabases } from '../../../../test/utils/prefixed-databases'
import { testServers } from '../../../../test/utils/test-servers'
import { type FileOutcome, type Observation, overlaps, runFixture } from './run-fixture'

/** Two sequential files, one database file and twelve files without a database. */
const SCHEDULE_PROJECT = fileURLToPath(new URL('../fixtures/schedule-project', import.meta.url))
const LANES = ['lane-one', 'lane-two']

describe('the work-conserving scheduler', () => {
  const server = testServers()[0] as { adminUrl: string }
  const databasePrefix = `e2e${randomBytes(3).toString('hex')}`
  let files: Map<string, FileOutcome>
  let seen: Map<string, Observation>
  const observation = (name: string) => seen.get(name) as Observation
  const pure = () => [...seen.values()].filter((entry) => entry.name.startsWith('pure-'))

  beforeAll(async () => {
    // Vitest hands the two workers the two sequential files first (the level order puts them first).
    ;({ files, observations: seen } = await runFixture({
      root: SCHEDULE_PROJECT,
      maxWorkers: 2,
      dbsafe: { url: server.adminUrl, databasePrefix },
    }))
  })

  afterAll(async () => {
    await dropPrefixedDatabases(server.adminUrl, databasePrefix)
  })

  test('every file runs once and passes', () => {
    expect([...files.values()].map((file) => file.state)).toEqual(Array(15).fill('passed'))
    expect(seen.size).toBe(15)
  })

  test('the sequential files hold the server alone', () => {
    expect(overlaps(observation('lane-one'), observation('lane-two'))).toBe(false)
    for (const lane of LANES) expect(overlaps(observation(lane), observation('writer')), lane).toBe(false)
  })

  test('while a sequential file runs, the other worker runs files without a database instead of waiting for the lane', () => {
    for (const lane of LANES) {
      const beside = pure().filter((entry) => overlaps(entry, observation(lane)))
      expect(beside.length, `files without a database beside ${lane}`).toBeGreaterThan(0)
    }
  })

  test('the two workers never run in the same process at once (each turn is one file)', () => {
    const all = [...seen.values()]
    for (const a of all) {
      for (const b of all) {
        if (a !== b && a.pid === b.pid) expect(overlaps(a, b), `${a.name} and ${b.name}`).toBe(false)
      }
    }
  })
})
