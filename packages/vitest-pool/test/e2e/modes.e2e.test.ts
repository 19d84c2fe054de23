import { randomBytes } from 'node:crypto'
import { dbsafePool } from '@dbsafe/vitest-pool'
import { afterAll, describe, expect, test } from 'vitest'
import { eventually } from '../../../../test/utils/eventually'
import { dropPrefixedDatabases, runDatabases } from '../../../../test/utils/prefixed-databases'
import { type TestServer, testServers } from '../../../../test/utils/test-servers'
import { type Observation, runFixture } from './run-fixture'

/** The embedded server of the run (the harness always starts it first). */
const server = testServers()[0] as TestServer

const prefixes: string[] = []
function newPrefix(): string {
  const prefix = `e2e${randomBytes(3).toString('hex')}`
  prefixes.push(prefix)
  return prefix
}

afterAll(async () => {
  for (const prefix of prefixes) await dropPrefixedDatabases(server.adminUrl, prefix)
})

const fixture = { migrations: './migrations', seed: './seed.sql' }

describe('the dbsafe pool under other Vitest modes', () => {
  test('isolate: false with one worker (every file in one request) keeps each file’s isolation', async () => {
    const { files, observations } = await runFixture({
      dbsafe: { url: server.adminUrl, ...fixture, databasePrefix: newPrefix() },
      isolate: false,
      maxWorkers: 1,
    })
    const states = Object.fromEntries([...files].map(([name, file]) => [name, file.state]))
    expect(states).toMatchObject({ 'read-only': 'passed', 'isolated-writes': 'passed', sequential: 'passed' })
    expect(Object.values(states).filter((state) => state === 'failed')).toEqual([])
    expect(observations.get('none')).toMatchObject({ databaseUrlSet: false })
    expect(observations.get('isolated-writes')?.facts).toMatchObject({ booksInSecondTest: 3 })
  })

  test('by default one worker process runs file after file, each with fresh modules and its own database', async () => {
    const files = ['none', 'none-two', 'isolated-writes', 'shared-writes-one', 'shared-writes-two']
    const reused = await runFixture({
      dbsafe: { url: server.adminUrl, ...fixture, databasePrefix: newPrefix() },
      maxWorkers: 1,
      files: files.map((name) => `tests/${name}.test.ts`),
    })
    expect([...reused.files.values()].map((file) => file.state)).toEqual(files.map(() => 'passed'))
    const seen = files.map((name) => reused.observations.get(name) as Observation)
    expect(new Set(seen.map((observation) => observation.pid)).size).toBe(1)
    // The helper module was evaluated again for every file (with shared modules it would be once).
    expect(seen.map((observation) => observation.moduleEvaluations).sort()).toEqual(
      files.map((_, i) => i + 1),
    )
    expect(reused.observations.get('none')).toMatchObject({ databaseUrlSet: false })
    const databases = ['isolated-writes', 'shared-writes-one', 'shared-writes-two'].map(
      (name) => reused.observations.get(name)?.database,
    )
    expect(databases.every(Boolean)).toBe(true)
    // The shared-writes files each got a database of their own, reset from the template.
    expect(reused.observations.get('shared-writes-two')?.facts).toMatchObject(
      reused.observations.get('shared-writes-one')?.facts ?? {},
    )

    const forked = await runFixture({
      dbsafe: { url: server.adminUrl, ...fixture, databasePrefix: newPrefix(), reuseWorkers: false },
      maxWorkers: 1,
      files: ['tests/none.test.ts', 'tests/none-two.test.ts'],
    })
    expect(forked.observations.get('none')?.pid).not.toBe(forked.observations.get('none-two')?.pid)
  })

  test('a file that leaves an interval running gets its worker process replaced, not reused', async () => {
    // The sequential file runs first and alone; the two database files wait for it, one per worker.
    const names = ['leaves-interval', 'read-only', 'shared-writes-one']
    const run = (leak: boolean) =>
      runFixture({
        dbsafe: { url: server.adminUrl, ...fixture, databasePrefix: newPrefix() },
        env: leak ? { DBSAFE_FIXTURE_LEAK_INTERVAL: '1' } : {},
        maxWorkers: 2,
        files: names.map((name) => `tests/${name}.test.ts`),
      })
    // Which file each worker gets depends on timing: only the files that started after the leaky one ended
    // can tell whether its process was reused.
    const pids = (observations: Map<string, Observation>) => {
      const leaky = observations.get('leaves-interval') as Observation
      const all = names.map((name) => (observations.get(name) as Observation).pid)
      const later = names
        .slice(1)
        .map((name) => observations.get(name) as Observation)
        .filter((observation) => observation.startedAt >= (leaky.endedAt ?? 0))
        .map((observation) => observation.pid)
      return { leaky: leaky.pid, later, distinct: new Set(all).size }
    }

    const leaking = await run(true)
    expect(leaking.files.get('leaves-interval')?.meta?.leftOpen).toEqual(['1 interval'])
    const replaced = pids(leaking.observations)
    expect(replaced.later).not.toContain(replaced.leaky)

    const clean = await run(false)
    expect(clean.files.get('leaves-interval')?.meta?.leftOpen).toBeUndefined()
    // Three files on two workers: one process ran two of them.
    expect(pids(clean.observations).distinct).toBe(2)
  })

  test('keepFailed keeps a failed file’s database and nothing else', async () => {
    const databasePrefix = newPrefix()
    const { files, observations } = await runFixture({
      dbsafe: { url: server.adminUrl, ...fixture, databasePrefix, keepFailed: true, onLog: () => {} },
      env: { DBSAFE_FIXTURE_FAIL: '1' },
      files: ['tests/fails.test.ts', 'tests/shared-writes-one.test.ts'],
    })
    expect(files.get('fails')?.state).toBe('failed')
    const kept = observations.get('fails')?.database
    await eventually(async () => (await runDatabases(server.adminUrl, databasePrefix)).length === 1, 30_000)
    expect(await runDatabases(server.adminUrl, databasePrefix)).toEqual([kept])
  })

  test('the plugin’s leak policy reaches the worker: a leaked checkout fails its test at the line that took it, or only warns', async () => {
    const options = { url: server.adminUrl, ...fixture, databasePrefix: newPrefix() }
    const failing = await runFixture({
      dbsafe: options,
      env: { DBSAFE_FIXTURE_LEAK: '1' },
      files: ['tests/leaks.test.ts'],
    })
    expect(failing.files.get('leaks')?.state).toBe('failed')
    expect(failing.files.get('leaks')?.errors.join('\n')).toContain(
      'test "checks out a client and forgets it" in tests/leaks.test.ts ended with 1 connection still checked out',
    )
    expect(failing.files.get('leaks')?.errors.join('\n')).toContain('checked out at tests/leaks.test.ts:9:')

    const warning = await runFixture({
      dbsafe: { ...options, leaks: 'warn' },
      env: { DBSAFE_FIXTURE_LEAK: '1' },
      files: ['tests/leaks.test.ts'],
    })
    expect(warning.files.get('leaks')?.state).toBe('passed')
  })

  test('an unreachable server fails the database files fast with a clear error; files at level none pass', async () => {
    const { files } = await runFixture({
      dbsafe: {
        url: 'postgres://postgres@127.0.0.1:1/postgres',
        ...fixture,
        startupTimeoutMs: 500,
        onLog: () => {},
      },
      files: ['tests/none.test.ts', 'tests/read-only.test.ts', 'tests/sequential.test.ts'],
    })
    expect(files.get('none')?.state).toBe('passed')
    for (const name of ['read-only', 'sequential']) {
      expect(files.get(name)?.state, name).toBe('failed')
      expect(files.get(name)?.errors.join('\n'), name).toMatch(/DBSAFE|reach|connect/i)
    }
  })

  test('test.pool: dbsafePool() inside the user’s own projects, with --shard', async () => {
    const pool = dbsafePool({ url: server.adminUrl, ...fixture, databasePrefix: newPrefix() })
    const project = (name: string, include: string[]) => ({ test: { name, include, pool } })
    const { files } = await runFixture({
      dbsafe: {},
      cli: { shard: '1/2' },
      viteConfig: {
        test: {
          projects: [
            project('pure', ['tests/none*.test.ts']),
            project('db', [
              'tests/read-only.test.ts',
              'tests/isolated-writes.test.ts',
              'tests/sequential.test.ts',
            ]),
          ],
        },
      },
    })
    const ran = Object.fromEntries(
      [...files].map(([name, file]) => [name, [file.state, file.meta?.level, file.errors]]),
    )
    expect(Object.keys(ran).length).toBeGreaterThan(0)
    expect(Object.keys(ran).length).toBeLessThan(5)
    for (const [name, [state, level, errors]] of Object.entries(ran)) {
      expect([state, errors], name).toEqual(['passed', []])
      expect(name.replace(/^\w+:/, '').replace(/-two$/, ''), name).toBe(level)
    }
  })

  test('watch mode: a rerun gets fresh isolation again', async () => {
    const { files, observations } = await runFixture({
      dbsafe: { url: server.adminUrl, ...fixture, databasePrefix: newPrefix() },
      rerun: true,
      files: ['tests/none.test.ts', 'tests/isolated-writes.test.ts', 'tests/shared-writes-one.test.ts'],
    })
    expect(Object.fromEntries([...files].map(([name, file]) => [name, file.state]))).toEqual({
      none: 'passed',
      'isolated-writes': 'passed',
      'shared-writes-one': 'passed',
    })
    expect(observations.get('shared-writes-one')?.facts.booksAtStart).toBe(3)
  })

  test('config levels win over analysis, annotations win over config', async () => {
    const { files } = await runFixture({
      dbsafe: {
        url: server.adminUrl,
        ...fixture,
        databasePrefix: newPrefix(),
        levels: { 'tests/unannotated.test.ts': 'schema-changes', 'tests/none.test.ts': 'sequential' },
      },
      files: ['tests/unannotated.test.ts', 'tests/none.test.ts'],
    })
    expect(files.get('unannotated')?.meta).toMatchObject({
      level: 'schema-changes',
      isolation: 'fresh-database',
    })
    expect(files.get('none')?.meta).toMatchObject({ level: 'none', isolation: 'no-database' })
  })
})
