import { randomBytes } from 'node:crypto'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { type DbsafeFileMeta, FILE_META_KEY, type LearnedLevels } from '@dbsafe/core'
import { dbsafe } from '@dbsafe/vitest-pool'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startVitest } from 'vitest/node'
import { dropPrefixedDatabases } from '../../../../test/utils/prefixed-databases'
import { testServers } from '../../../../test/utils/test-servers'
import { CORE_SOURCE } from './run-fixture'

/** A project where the analyzer is wrong on purpose (see each file's first comment). */
const PROJECT = fileURLToPath(new URL('../fixtures/guard-project', import.meta.url))
const REPORTER = new URL('../../../vitest-reporter/dist/index.js', import.meta.url).href

interface GuardRun {
  /** File name (without `tests/` and `.test.ts`) → outcome. */
  files: Map<string, { state: string; meta: DbsafeFileMeta | undefined; errors: string[] }>
  /** What the reporter printed. */
  output: string
  exitCode: number
}

/** One `vitest run` of the guard project under the plugin and the dbsafe reporter (history under the project). */
async function runGuardProject(adminUrl: string, databasePrefix: string): Promise<GuardRun> {
  const { DbsafeReporter } = (await import(REPORTER)) as typeof import('@dbsafe/vitest-reporter')
  let output = ''
  const sink = new Writable({
    write(chunk, _encoding, done) {
      output += String(chunk)
      done()
    },
  })
  const exitCode = process.exitCode
  process.exitCode = 0
  const vitest = await startVitest(
    'test',
    [],
    {
      root: PROJECT,
      config: false,
      watch: false,
      reporters: [new DbsafeReporter({ html: false, github: false })],
      maxWorkers: 3,
      include: ['tests/**/*.test.ts'],
    },
    {
      resolve: { alias: { '@dbsafe/core': CORE_SOURCE } },
      plugins: [
        dbsafe({
          url: adminUrl,
          migrations: './migrations',
          seed: './seed.sql',
          databasePrefix,
          fallbackLevel: 'isolated-writes',
        }),
      ],
    },
    { stdout: sink, stderr: sink },
  )
  const files: GuardRun['files'] = new Map()
  for (const module of vitest.state.getTestModules()) {
    files.set(module.moduleId.replace(/^.*\/tests\//, '').replace(/\.test\.ts$/, ''), {
      state: module.state(),
      meta: (module.meta() as Record<string, unknown>)[FILE_META_KEY] as DbsafeFileMeta | undefined,
      errors: [...module.children.allTests()].flatMap((t) => t.result().errors ?? []).map((e) => e.message),
    })
  }
  await vitest.close()
  if (process.env.DBSAFE_GUARD_E2E_OUTPUT)
    writeFileSync(process.env.DBSAFE_GUARD_E2E_OUTPUT, output, { flag: 'a' })
  const code = Number(process.exitCode ?? 0)
  process.exitCode = exitCode
  return { files, output, exitCode: code }
}

/** What the analyzer gets wrong in the fixture, and what each file really needs. */
const EXPECTED = {
  'computed-writer': { analysed: 'none', needs: 'isolated-writes', rerun: 'isolated-writes' },
  'schema-sync': { analysed: 'read-only', needs: 'schema-changes', rerun: 'schema-changes' },
  'listen-notify': { analysed: 'isolated-writes', needs: 'shared-writes', rerun: 'shared-writes' },
  'runtime-sql-hook': { analysed: 'isolated-writes', needs: 'shared-writes', rerun: undefined },
  // Passes at schema-changes on a server where its database's role may create roles; where dbsafe gives each
  // database a role of its own that may not, CREATE ROLE is refused and the file runs again, alone.
  'role-from-file': { analysed: 'schema-changes', needs: 'sequential', rerun: 'sequential', mayPass: true },
  'pool-exhausted': { analysed: 'read-only', needs: 'sequential', rerun: undefined },
} as const

describe.each(testServers())('the runtime guard on the $name server', (server) => {
  const databasePrefix = `guard${randomBytes(3).toString('hex')}`
  let first: GuardRun
  let second: GuardRun

  beforeAll(async () => {
    rmSync(join(PROJECT, '.vitest'), { recursive: true, force: true })
    first = await runGuardProject(server.adminUrl, databasePrefix)
    second = await runGuardProject(server.adminUrl, databasePrefix)
  })

  afterAll(async () => {
    rmSync(join(PROJECT, '.vitest'), { recursive: true, force: true })
    await dropPrefixedDatabases(server.adminUrl, databasePrefix)
  })

  test('every misclassified file ends green in the first run, and so does the run', () => {
    const states = Object.fromEntries(
      [...first.files].map(([name, file]) => [name, [file.state, file.errors]]),
    )
    const names = [...Object.keys(EXPECTED), 'starved-once'].sort()
    expect(states).toEqual(Object.fromEntries(names.map((name) => [name, ['passed', []]])))
    expect(first.exitCode).toBe(0)
  })

  test('a file starved of connections by a file beside it runs again at its own level', () => {
    expect(first.files.get('starved-once')?.meta).toMatchObject({
      level: 'read-only',
      interference: {
        cause: 'PostgreSQL refused it a connection: sorry, too many clients already',
        rerun: { level: 'read-only', state: 'passed' },
      },
    })
    expect(first.files.get('starved-once')?.meta?.misclassified).toBeUndefined()
    expect(first.output).toContain('Rerun after interference (1)')
    expect(second.files.get('starved-once')?.meta?.interference).toBeUndefined()
  })

  test('each is reported with the level it ran at, the level it needs, its evidence and its fix', () => {
    for (const [name, expected] of Object.entries(EXPECTED)) {
      const finding = first.files.get(name)?.meta?.misclassified
      expect(finding, name).toMatchObject({ ranAt: expected.analysed, needs: expected.needs })
      expect(finding?.fix, name).toContain(`@db-level ${expected.needs}`)
      expect(finding?.evidence.length, name).toBeGreaterThan(0)
      if (!('mayPass' in expected && finding?.rerun === undefined)) {
        expect(finding?.rerun?.level, name).toBe(expected.rerun)
        if (expected.rerun) expect(finding?.rerun?.state, name).toBe('passed')
      }
      expect(first.output, name).toContain(`tests/${name}.test.ts`)
    }
    expect(first.output).toContain('Misclassified (6)')
  })

  test('the evidence names what was done and where', () => {
    const evidence = (name: string) => first.files.get(name)?.meta?.misclassified?.evidence ?? []
    expect(evidence('listen-notify')).toContainEqual(
      expect.objectContaining({
        kind: 'notify',
        text: 'LISTEN jobs',
        at: expect.stringMatching(
          /^tests\/queue\/job-queue\.ts:\d+:\d+ \(from tests\/listen-notify\.test\.ts:\d+:\d+\)$/,
        ),
      }),
    )
    expect(evidence('runtime-sql-hook')).toContainEqual(
      expect.objectContaining({
        kind: 'committed-write',
        text: expect.stringContaining("INSERT INTO audit (note) VALUES ('committed in beforeAll')"),
      }),
    )
    expect(evidence('role-from-file')).toContainEqual(
      expect.objectContaining({ kind: 'cluster', text: 'CREATE ROLE dbsafe_guard_reporting NOLOGIN' }),
    )
    expect(evidence('pool-exhausted')).toContainEqual(expect.objectContaining({ kind: 'connections' }))
    expect(evidence('schema-sync')).toContainEqual(expect.objectContaining({ kind: 'ddl' }))
    expect(evidence('computed-writer')[0]).toMatchObject({ level: 'isolated-writes' })
  })

  test('the reporter remembers what each file needs, keyed by its contents', () => {
    const learned = JSON.parse(
      readFileSync(join(PROJECT, '.vitest/dbsafe/learned-levels.json'), 'utf8'),
    ) as LearnedLevels
    for (const [name, expected] of Object.entries(EXPECTED)) {
      expect(learned.files[`tests/${name}.test.ts`], name).toMatchObject({
        level: expected.needs,
        ranAt: expected.analysed,
        contentKey: first.files.get(name)?.meta?.contentKey,
      })
    }
  })

  test('the next run starts each file at its learned level: nothing misclassified, nothing rerun', () => {
    expect(second.files.get('starved-once')?.state).toBe('passed')
    for (const [name, expected] of Object.entries(EXPECTED)) {
      const file = second.files.get(name)
      expect(file?.state, name).toBe('passed')
      expect(file?.meta, name).toMatchObject({ level: expected.needs, source: 'learned' })
      expect(file?.meta?.misclassified, name).toBeUndefined()
    }
    expect(second.output).not.toContain('Misclassified')
    expect(second.exitCode).toBe(0)
  })
})
