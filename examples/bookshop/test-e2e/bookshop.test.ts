import { readFileSync } from 'node:fs'
import { relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, test } from 'vitest'
import { startVitest } from 'vitest/node'
import { testServers } from '../../../test/utils/test-servers'

const root = fileURLToPath(new URL('..', import.meta.url))
const expectedLevels: Record<string, { level: string }> = JSON.parse(
  readFileSync(new URL('../expected-levels.json', import.meta.url), 'utf8'),
)

interface FileOutcome {
  state: string
  level: string | undefined
  /** What the file left running (dbsafe then replaces its worker process). */
  leftOpen: string[] | undefined
  errors: string[]
}

/** Runs the example suite with one of its configs, the way `vitest run --config <config>` does. */
async function runSuite(config: string, env: Record<string, string | undefined> = {}) {
  const previousEnv = { ...process.env }
  const previousExitCode = process.exitCode
  Object.assign(process.env, env)
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete process.env[key]
  try {
    const vitest = await startVitest('test', [], { root, config, run: true, watch: false, reporters: [] })
    const files = new Map<string, FileOutcome>()
    for (const module of vitest.state.getTestModules()) {
      const meta = module.meta() as { dbsafe?: { level: string; leftOpen?: string[] } }
      files.set(relative(root, module.moduleId), {
        state: module.state(),
        level: meta.dbsafe?.level,
        leftOpen: meta.dbsafe?.leftOpen,
        errors: [
          ...module.errors(),
          ...[...module.children.allTests()].flatMap((t) => t.result().errors ?? []),
        ].map((error) => error.message),
      })
    }
    await vitest.close()
    return files
  } finally {
    process.env = previousEnv
    // A failing inner run sets the exit code of this process; the assertions below judge the run instead.
    process.exitCode = previousExitCode
  }
}

describe('the bookshop example under dbsafe (embedded PostgreSQL)', () => {
  let files: Map<string, FileOutcome>

  beforeAll(async () => {
    files = await runSuite('vitest.config.ts', { DATABASE_URL: undefined })
  })

  test('runs every test file of the suite', () => {
    expect([...files.keys()].sort()).toEqual(Object.keys(expectedLevels).sort())
  })

  test('every file passes', () => {
    const failed = [...files].filter(([, file]) => file.state !== 'passed')
    expect(failed).toEqual([])
  })

  test('every file runs at the level expected-levels.json gives it', () => {
    const levels = Object.fromEntries([...files].map(([name, file]) => [name, file.level]))
    const expected = Object.fromEntries(
      Object.entries(expectedLevels).map(([name, { level }]) => [name, level]),
    )
    expect(levels).toEqual(expected)
  })

  test('no file leaves anything running, so worker processes are reused from file to file', () => {
    const leaving = [...files].filter(([, file]) => file.leftOpen !== undefined)
    expect(leaving).toEqual([])
  })
})

describe("the bookshop example under Vitest's default pool, sharing one database", () => {
  test('fails: the files corrupt each other', async () => {
    const [server] = testServers()
    const files = await runSuite('vitest.shared.config.ts', {
      DATABASE_URL: undefined,
      BOOKSHOP_SERVER_URL: server!.adminUrl,
    })

    expect(files.size).toBe(Object.keys(expectedLevels).length)
    const failed = [...files].filter(([, file]) => file.state === 'failed').map(([name]) => name)
    expect(failed.length).toBeGreaterThan(0)
  })
})
